#!/usr/bin/env bash
# ecs-bootstrap user data for the ECS-optimized Amazon Linux 2023 AMI. Holds no secret: only where
# the fragment and the jar are, and the jar's SHA-256.
#
# ecs.service is ordered After=cloud-final.service, so on first boot this only writes
# /etc/ecs/ecs.config and the agent reads it when it starts. It never runs systemctl: a blocking
# start or restart of ecs from user data deadlocks cloud-init (ecs-agent-semantics.md section 4).
set -o errexit -o nounset -o pipefail
umask 077
trap 'log::error "user data failed at line $LINENO"' ERR

: "${ECS_BOOTSTRAP_CONFIG_URIS:?set by render-userdata}"
: "${ECS_BOOTSTRAP_JAR_URI:?set by render-userdata}"
: "${ECS_BOOTSTRAP_JAR_SHA256:?set by render-userdata}"
: "${ECS_BOOTSTRAP_APPLY_FLAGS:=}"

# ecs-bootstrap:inline lib/bootstrap.sh
# shellcheck source=lib/bootstrap.sh
source "${BASH_SOURCE[0]%/*}/lib/bootstrap.sh"

main() {
  bootstrap::require-root
  java::ensure java-21-amazon-corretto-headless "${ECS_BOOTSTRAP_PACKAGE_MANAGER:-dnf}"
  bootstrap::fetch-jar "$ECS_BOOTSTRAP_JAR_URI" "$ECS_BOOTSTRAP_JAR_SHA256"
  bootstrap::apply
  log::info "done; the ECS agent reads $ECS_CONFIG_FILE when it starts after cloud-init"
}

main "$@"
