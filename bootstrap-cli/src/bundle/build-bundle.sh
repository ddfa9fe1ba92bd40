#!/usr/bin/env bash
# Builds the boot bundle, ecs-bootstrap-bundle-linux-x86_64.tar.gz: a jlink runtime holding only the
# modules the tool uses, the fat jar, and an AOT cache trained by one real `apply` over HTTPS with
# IMDS credentials (the bench environment: S3Mock behind the strict S3 front, the IMDSv2 emulator).
# The runtime that trained the cache is the runtime that ships, so the cache is valid at first boot.
# `mvn -Pbundle package` runs it (bootstrap-cli/pom.xml, profile "bundle"):
#
#   build-bundle.sh --jdk DIR --jar FILE --output FILE --work DIR --jvm-flags-from FILE \
#     --s3mock-jar FILE --classpath CLASSPATH
#
# The layout, which the user-data templates run from inside the unpacked ecs-bootstrap/ folder
# (the cache names the jar by the relative path it was trained with):
#   ecs-bootstrap/runtime/            the jlink runtime
#   ecs-bootstrap/ecs-bootstrap.jar   the fat jar
#   ecs-bootstrap/ecs-bootstrap.aot   the AOT cache (JEP 483, 514)
set -o errexit -o nounset -o pipefail

# java.base, and java.xml for the SDK's XML responses (S3 errors: XmlDomParser). jdeps also names
# java.sql and java.desktop, which only Jackson's optional handlers reference (java.sql.Date,
# java.beans.ConstructorProperties); Jackson looks them up and carries on without them, and
# java.desktop's native libraries need X11, which the AMIs lack. BundleIT checks this list.
MODULES=java.base,java.xml
TOP=ecs-bootstrap
# The AOT cache's first reader is apply at boot: it must hold what one apply loads and links.
CACHE=ecs-bootstrap.aot
JAR_NAME=ecs-bootstrap.jar
# Every instance downloads it at boot: the build fails above this (issue 13's target, 60 MiB).
MAX_BYTES=$((60 * 1024 * 1024))

bundle::log() { printf 'build-bundle: %s\n' "$*" >&2; }

bundle::die() {
  printf 'build-bundle: FAILED: %s\n' "$*" >&2
  exit 1
}

# The flags the user data starts apply with (ECS_BOOTSTRAP_JVM_FLAGS's default in the templates'
# library, which only defines functions and defaults when sourced): the cache is trained with them.
bundle::jvm-flags() {
  local library=$1 flags
  # shellcheck disable=SC2016 # expanded by the child bash
  flags=$(env -u ECS_BOOTSTRAP_JVM_FLAGS bash -c 'source "$1" && printf %s "${ECS_BOOTSTRAP_JVM_FLAGS:-}"' \
    bundle "${library}")
  [[ -n ${flags} ]] || bundle::die "cannot read ECS_BOOTSTRAP_JVM_FLAGS from ${library}"
  echo "${flags}"
}

bundle::require-jdk() {
  local jdk=$1 release
  [[ -x ${jdk}/bin/jlink ]] || bundle::die "no jlink at ${jdk}/bin/jlink (set -Dbundle.jdk to a JDK 25 home)"
  release=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${jdk}/release")
  [[ -n ${release} && ${release} -ge 25 ]] ||
    bundle::die "${jdk} is Java ${release:-of unknown version}; the bundle needs 25 or later (AOT cache, JEP 514)"
  grep -q '^OS_ARCH="x86_64"' "${jdk}/release" ||
    bundle::die "${jdk} is not an x86_64 JDK; the bundle is linux-x86_64"
}

bundle::link-runtime() {
  local jdk=$1 stage=$2
  # No --compress: the tarball compresses anyway, and an uncompressed modules image starts faster.
  "${jdk}/bin/jlink" --add-modules "${MODULES}" --strip-debug --no-header-files --no-man-pages \
    --output "${stage}/runtime"
}

# One checked apply inside the bench environment (BENCH_* variables set), from inside the stage
# folder as the user data runs it, with the extra JVM flags given.
bundle::apply() {
  local stage=$1 work=$2 flags=$3
  shift 3
  local -a jvm_flags
  read -r -a jvm_flags <<<"${flags}"
  mkdir -p "${work}/home"
  cp "${BENCH_ECS_CONFIG_SEED}" "${work}/ecs.config"
  (cd "${stage}" && env -i "PATH=/usr/bin:/bin" "HOME=${work}/home" "LANG=C.UTF-8" \
    "AWS_CONFIG_FILE=/dev/null" "AWS_SHARED_CREDENTIALS_FILE=/dev/null" \
    "AWS_EC2_METADATA_SERVICE_ENDPOINT=${BENCH_IMDS_ENDPOINT}" "AWS_ENDPOINT_URL_S3=${BENCH_S3_ENDPOINT}" \
    runtime/bin/java "${jvm_flags[@]}" "$@" \
    "-Djavax.net.ssl.trustStore=${BENCH_TRUST_STORE}" "-Djavax.net.ssl.trustStoreType=${BENCH_TRUST_STORE_TYPE}" \
    -jar "${JAR_NAME}" apply "s3://${BENCH_BUCKET}/${BENCH_KEY}" --ecs-config "${work}/ecs.config" \
    --kms-key-id "${BENCH_KMS_KEY_ARN}" --cluster bundle-training) >"${work}/apply.log" 2>&1 ||
    bundle::die "apply with the bundle's runtime failed; see ${work}/apply.log"
  grep -q "^ECS_ENGINE_AUTH_DATA=.*${BENCH_REGISTRY}" "${work}/ecs.config" ||
    bundle::die "apply exited 0 but wrote no registry auth"
}

# Run inside the bench environment: trains the cache, then requires it (-XX:AOTMode=on makes an
# unusable cache an error) and checks from the JVM's own log that classes came from it.
bundle::train() {
  local stage=$1 work=$2 flags=$3
  rm -f "${stage:?}/${CACHE}"
  # One-step training (JEP 514): at exit the JVM forks a child that assembles the cache.
  bundle::apply "${stage}" "${work}" "${flags}" "-XX:AOTCacheOutput=${CACHE}"
  [[ -s ${stage}/${CACHE} ]] || bundle::die "the training run wrote no ${CACHE}"
  bundle::apply "${stage}" "${work}" "${flags}" "-XX:AOTCache=${CACHE}" -XX:AOTMode=on \
    "-Xlog:aot=info:file=${work}/aot.log::filecount=0"
  grep -q 'Using AOT-linked classes: true' "${work}/aot.log" ||
    bundle::die "the cache was not used by a run that required it; see ${work}/aot.log"
}

bundle::main() {
  local jdk="" jar="" output="" work="" library="" s3mock_jar="" classpath=""
  while (($# > 0)); do
    case $1 in
      --jdk) jdk=$2 ;;
      --jar) jar=$2 ;;
      --output) output=$2 ;;
      --work) work=$2 ;;
      --jvm-flags-from) library=$2 ;;
      --s3mock-jar) s3mock_jar=$2 ;;
      --classpath) classpath=$2 ;;
      *) bundle::die "unknown argument $1" ;;
    esac
    shift 2
  done
  [[ -n ${jdk} && -f ${jar} && -n ${output} && -n ${work} && -f ${library} && -f ${s3mock_jar} && -n ${classpath} ]] ||
    bundle::die "usage: build-bundle.sh --jdk DIR --jar FILE --output FILE --work DIR --jvm-flags-from FILE --s3mock-jar FILE --classpath CLASSPATH"
  bundle::require-jdk "${jdk}"
  local stage="${work}/stage/${TOP}" flags
  flags=$(bundle::jvm-flags "${library}")
  rm -rf "${work}"
  mkdir -p "${stage}"
  bundle::log "linking ${MODULES} from $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "${jdk}/release") (${jdk})"
  bundle::link-runtime "${jdk}" "${stage}"
  cp -p "${jar}" "${stage}/${JAR_NAME}"
  bundle::log "training ${CACHE} on one apply (JVM flags: ${flags})"
  java "-Ds3mock.jar=${s3mock_jar}" -cp "${classpath}" dev.ecsbootstrap.testing.bench.BenchEnvironment \
    "${work}/environment" -- bash "${BASH_SOURCE[0]}" train "${stage}" "${work}" "${flags}" \
    >"${work}/environment.log" 2>&1 || bundle::die "training failed; see ${work}/environment.log and ${work}/apply.log"
  # tar keeps each file's modification time, so the unpacked jar is the jar the cache was trained on.
  tar --create --gzip --file "${output}.tmp" --owner=0 --group=0 --numeric-owner --sort=name \
    -C "${work}/stage" "${TOP}"
  local bytes
  bytes=$(stat -c %s "${output}.tmp")
  ((bytes <= MAX_BYTES)) || bundle::die "the bundle is ${bytes} bytes, above the ${MAX_BYTES} every instance would download"
  mv -f "${output}.tmp" "${output}"
  bundle::log "wrote ${output} ($(du -h "${output}" | cut -f 1))"
}

if [[ ${1:-} == train ]]; then
  shift
  bundle::train "$@"
else
  bundle::main "$@"
fi
