#!/usr/bin/env bash
# The boot of the ECS-optimized AMI templates (al2023, al2), after lib/bootstrap.sh, inlined by
# `render-userdata` like it. It defines functions and defaults only. The docker-agent template does
# not take it: it installs docker with the package manager anyway, and its user data has no room
# for the bundle within EC2's 16 KB.

# The boot bundle (render-userdata --bundle): used when its SHA-256 is set.
ECS_BOOTSTRAP_BUNDLE_URI=${ECS_BOOTSTRAP_BUNDLE_URI:-}
ECS_BOOTSTRAP_BUNDLE_SHA256=${ECS_BOOTSTRAP_BUNDLE_SHA256:-}
# Why apply runs with Corretto rather than the bundle; bundle::provision sets it.
BUNDLE_FALLBACK=""

# Unpacks the boot bundle (linux-x86_64: a runtime, the jar and an AOT cache trained with that
# runtime) to $ECS_BOOTSTRAP_HOME/bundle/ecs-bootstrap; its digest pins the jar in it, so --jar's is
# not fetched. Sets BUNDLE_FALLBACK to why today's path (Corretto and --jar) applies instead: no
# bundle configured, another architecture (arm64 instances take Corretto), or no such object: 404,
# or 403 AccessDenied, S3's answer for a missing key to a role that may not list the bucket (ours).
# Any other download failure, a wrong digest or a failed unpack stops the boot, as a wrong jar
# digest does. It reports through a variable, not its status: bash suspends errexit in a function
# called from `if` or `||`, and in a command substitution.
bundle::provision() {
  local home=$ECS_BOOTSTRAP_HOME/bundle tarball=$ECS_BOOTSTRAP_HOME/bundle.tar.gz stage status=0
  if [[ -z $ECS_BOOTSTRAP_BUNDLE_SHA256 ]]; then
    BUNDLE_FALLBACK="no bundle configured"
  elif [[ $(uname -m) != x86_64 ]]; then
    BUNDLE_FALLBACK="not x86_64"
  elif [[ $(cat "$home/sha256" 2>/dev/null) == "$ECS_BOOTSTRAP_BUNDLE_SHA256" ]]; then
    # A rerun of the user data: this bundle is in place already.
    log::info "bundle $ECS_BOOTSTRAP_BUNDLE_SHA256 already in $home"
  else
    bootstrap::fetch "$ECS_BOOTSTRAP_BUNDLE_URI" "$ECS_BOOTSTRAP_BUNDLE_SHA256" "$tarball" absent-ok ||
      status=$?
    if [[ $status -eq 2 ]]; then
      BUNDLE_FALLBACK="bundle not found"
      return
    elif [[ $status -eq 3 ]]; then
      BUNDLE_FALLBACK="bundle not found or not readable: HTTP 403 AccessDenied"
      return
    fi
    stage=$(mktemp -d "$ECS_BOOTSTRAP_HOME/.bundle.XXXXXX")
    # tar keeps the files' modification times (never --touch), so the jar is the one the AOT cache
    # was trained with in path, size and time. (Temurin 25.0.3 was seen to use its cache with a
    # touched jar too; the layout does not rely on that.)
    if ! tar -xzf "$tarball" --no-same-owner -C "$stage"; then
      rm -rf "$stage" "$tarball"
      bootstrap::die "could not unpack $ECS_BOOTSTRAP_BUNDLE_URI"
    fi
    echo "$ECS_BOOTSTRAP_BUNDLE_SHA256" >"$stage/sha256"
    rm -rf "$home" "$tarball"
    mv "$stage" "$home"
  fi
}

# apply with the bundle's runtime, from inside its folder as the AOT cache was trained (the cache
# names the jar by that relative path). A cache that does not match is ignored by the JVM; only the
# log line says so.
bundle::apply() {
  local aot_log=$ECS_BOOTSTRAP_HOME/aot.log used="AOT cache used"
  # apply runs in another folder: paths given to it are absolute.
  [[ $ECS_CONFIG_FILE == /* ]] || ECS_CONFIG_FILE=$PWD/$ECS_CONFIG_FILE
  [[ $aot_log == /* ]] || aot_log=$PWD/$aot_log
  rm -f "$aot_log"
  # shellcheck disable=SC2086 # the flags are separate words on purpose
  (cd "$ECS_BOOTSTRAP_HOME/bundle/ecs-bootstrap" && bootstrap::apply runtime/bin/java $ECS_BOOTSTRAP_JVM_FLAGS \
    -XX:AOTCache=ecs-bootstrap.aot "-Xlog:aot=info:file=$aot_log::filecount=0" -jar ecs-bootstrap.jar)
  grep -q 'Using AOT-linked classes: true' "$aot_log" || used="AOT cache not used; see $aot_log"
  log::info "apply with the bundled runtime ($used)"
}

# The whole boot on an ECS-optimized AMI: only write the file. ecs.service is ordered
# After=cloud-final.service and reads it when it starts (ecs-init's unit,
# packaging/amazon-linux-ami-integrated/ecs.service in aws/amazon-ecs-agent at v1.74.1), so a
# blocking `systemctl start|restart ecs` from user data would deadlock cloud-init.
# $1 is the distribution's Corretto package, $2 its package manager.
bootstrap::ecs-optimized-main() {
  bootstrap::require-parameters
  bootstrap::require-root
  bundle::provision
  if [[ -z $BUNDLE_FALLBACK ]]; then
    bundle::apply
    rotation::install bundle
  else
    log::info "no bundle ($BUNDLE_FALLBACK): apply runs with Corretto"
    java::ensure "$1" "${ECS_BOOTSTRAP_PACKAGE_MANAGER:-$2}"
    bootstrap::fetch "$ECS_BOOTSTRAP_JAR_URI" "$ECS_BOOTSTRAP_JAR_SHA256"
    bootstrap::apply
    log::info "apply with $ECS_BOOTSTRAP_JAVA (Corretto; $BUNDLE_FALLBACK)"
    rotation::install corretto
  fi
  log::info "done; the ECS agent reads $ECS_CONFIG_FILE after cloud-init"
}
