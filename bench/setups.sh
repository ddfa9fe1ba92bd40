#!/usr/bin/env bash
# The setups bench/run times `apply` in, each against `aws s3 cp` in the same run. A setup NAME is
# three functions:
#   setup::NAME::label    one line for the results table
#   setup::NAME::target   the issue's wall-ratio target (apply/aws median), or nothing
#   (optional) setup::NAME::cpu-target   the issue's CPU-ratio target
#   setup::NAME::prepare  fills SETUP_COMMAND (the words before `apply ...`: java, flags, -jar JAR)
#                         and SETUP_NOTE (what the doc says about it, e.g. how the archive was used);
#                         or sets SETUP_SKIPPED to the reason it cannot run here (and returns 0:
#                         bench/run calls it outside any condition, so errexit stays on inside).
# Preparation may run apply (training an archive): bench::apply-once does one checked run.
# Adding a setup is one more block here and its NAME in BENCH_SETUPS.
# Sourced by bench/run, which defines bench::*, JAR, WORK and the BENCH_* knobs.
# shellcheck disable=SC2034 # the SETUP_* variables are read by bench/run

setup::jdk17::label() { echo "JDK 17 + flags, no archive"; }
setup::jdk17::target() { echo 1.2; }
setup::jdk17::prepare() {
  setup::require-java "${BENCH_JDK17_HOME}" || return 0
  setup::java-command "${BENCH_JDK17_HOME}/bin/java"
  SETUP_NOTE="$(setup::class-sources "jdk17") came from the JDK's own CDS archive (on by default), none of them ours."
}

setup::jdk17-appcds::label() { echo "JDK 17 + flags + AppCDS"; }
setup::jdk17-appcds::target() { echo 0.75; }
setup::jdk17-appcds::prepare() {
  setup::require-java "${BENCH_JDK17_HOME}" || return 0
  # -Xshare:on makes the JVM exit with an error when the archive cannot be mapped.
  setup::trained-archive jdk17-appcds "${BENCH_JDK17_HOME}/bin/java" "${WORK}/archives/jdk17-appcds.jsa" \
    -XX:ArchiveClassesAtExit= -XX:SharedArchiveFile= -Xshare:on
}

setup::jdk25-aot::label() { echo "JDK 25 + flags + AOT cache"; }
setup::jdk25-aot::target() { echo 0.6; }
setup::jdk25-aot::prepare() {
  setup::require-java "${BENCH_JDK25_HOME}" || return 0
  # One-step training (JEP 514): at exit the JVM forks a child that assembles the cache.
  # -XX:AOTMode=on makes the JVM exit with an error when the cache cannot be used.
  setup::trained-archive jdk25-aot "${BENCH_JDK25_HOME}/bin/java" "${WORK}/archives/jdk25.aot" \
    -XX:AOTCacheOutput= -XX:AOTCache= -XX:AOTMode=on
}

setup::bundle::label() { echo "Boot bundle: its runtime + AOT cache"; }
setup::bundle::target() { echo 0.6; }
setup::bundle::cpu-target() { echo 1.0; }
setup::bundle::prepare() {
  if [[ ! -f ${BENCH_BUNDLE} ]]; then
    SETUP_SKIPPED="no bundle at ${BENCH_BUNDLE} (mvn -Pbundle package builds it)"
    return 0
  fi
  # Unpacked by tar as the user data unpacks it; the cache comes from the build, not trained here.
  local home="${WORK}/bundle/ecs-bootstrap"
  rm -rf "${WORK}/bundle"
  mkdir -p "${WORK}/bundle"
  tar --extract --gzip --file "${BENCH_BUNDLE}" -C "${WORK}/bundle"
  SETUP_JAR="${home}/ecs-bootstrap.jar"
  setup::java-command "${home}/runtime/bin/java" "-XX:AOTCache=${home}/ecs-bootstrap.aot" -XX:AOTMode=on
  SETUP_NOTE="$(setup::archive-use bundle "${home}/ecs-bootstrap.aot" "trained by the build")"
  setup::java-command "${home}/runtime/bin/java" "-XX:AOTCache=${home}/ecs-bootstrap.aot"
}

# --- helpers the setups share ---

# A class archive trained by one real apply over HTTPS with IMDS credentials, then required (a run
# that cannot use it fails) to count what it serves, then used as the timed runs use it.
# Arguments: name, java, archive file, the training flag's "-XX:...=" prefix, the using flag's
# prefix, and the flag that makes an unusable archive an error.
setup::trained-archive() {
  local name=$1 java=$2 archive=$3 train=$4 use=$5 strict=$6
  rm -f "${archive}"
  setup::java-command "${java}" "${train}${archive}"
  bench::apply-once "${name} training" "${SETUP_COMMAND[@]}" >/dev/null
  [[ -s ${archive} ]] || bench::die "the ${name} training run wrote no archive at ${archive}"
  setup::java-command "${java}" "${use}${archive}" "${strict}"
  SETUP_NOTE="$(setup::archive-use "${name}" "${archive}")"
  setup::java-command "${java}" "${use}${archive}"
}

setup::require-java() {
  local home=$1
  if [[ ! -x ${home}/bin/java ]]; then
    SETUP_SKIPPED="no JDK at ${home} (set BENCH_JDK17_HOME / BENCH_JDK25_HOME)"
    return 1
  fi
}

# SETUP_COMMAND=(java BENCH_JVM_FLAGS trust-store flags EXTRA... -jar JAR), SETUP_JAR for another jar.
setup::java-command() {
  local java=$1
  shift
  local -a flags
  read -r -a flags <<<"${BENCH_JVM_FLAGS}"
  SETUP_COMMAND=("${java}" "${flags[@]}"
    "-Djavax.net.ssl.trustStore=${BENCH_TRUST_STORE}"
    "-Djavax.net.ssl.trustStoreType=${BENCH_TRUST_STORE_TYPE}"
    "$@" -jar "${SETUP_JAR:-${JAR}}")
}

# Runs SETUP_COMMAND once with class-load logging; prints "N of the M classes a run loads".
setup::class-sources() {
  local name=$1 log="${WORK}/logs/${1}-class-load.log"
  rm -f "${log}"
  local -a command=("${SETUP_COMMAND[@]}")
  # -Xlog goes before -jar: insert it after the java binary.
  command=("${command[0]}" "-Xlog:class+load=info:file=${log}" "${command[@]:1}")
  bench::apply-once "${name} class-load check" "${command[@]}" >/dev/null
  local total shared
  total=$(grep -c 'source:' "${log}" || true)
  shared=$(grep -c 'source: shared objects file' "${log}" || true)
  echo "${shared} of the ${total} classes a run loads"
}

# As setup::class-sources, for a command that insists on its archive (so a refused archive fails
# here), and fails unless classes came from it.
setup::archive-use() {
  local name=$1 archive=$2 origin=${3:-trained by one apply over HTTPS with IMDS credentials} sources
  sources=$(setup::class-sources "${name}")
  [[ ${sources} != 0\ * ]] || bench::die "${name}: no class came from ${archive} (see ${WORK}/logs)"
  echo "${sources} came from archives in a run that required \`$(basename "${archive}")\` ($(bench::mib "$(stat -c %s "${archive}")") MiB, ${origin})."
}
