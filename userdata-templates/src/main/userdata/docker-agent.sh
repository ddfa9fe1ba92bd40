#!/usr/bin/env bash
# ecs-bootstrap user data for a plain Amazon Linux 2023 AMI without ecs-init, where the agent runs
# as a container started with `docker run --env-file /etc/ecs/ecs.config` (the AWS procedure for
# non-ECS-optimized AMIs). Holds no secret. The file apply writes is in the subset docker's
# --env-file parser reads like ecs-init does (ecs-agent-semantics.md 1.5, 1.6).
set -o errexit -o nounset -o pipefail
umask 077
trap 'log::error "user data failed at line $LINENO"' ERR
trap 'bootstrap::finish "$?"' EXIT

# ecs-bootstrap:inline lib/bootstrap.sh
# shellcheck source=lib/bootstrap.sh
source "${BASH_SOURCE[0]%/*}/lib/bootstrap.sh"

ECS_AGENT_IMAGE=${ECS_AGENT_IMAGE:-public.ecr.aws/ecs/amazon-ecs-agent:latest}
ECS_AGENT_CONTAINER=${ECS_AGENT_CONTAINER:-ecs-agent}
ECS_AGENT_LOG_DIR=${ECS_AGENT_LOG_DIR:-/var/log/ecs}
ECS_AGENT_DATA_DIR=${ECS_AGENT_DATA_DIR:-/var/lib/ecs/data}

# The container's environment is fixed when it is created, so a changed file means a new container.
agent::run() {
  local config_before=$1 config_after
  config_after=$(sha256sum "$ECS_CONFIG_FILE" | cut -d ' ' -f 1)
  if docker inspect "$ECS_AGENT_CONTAINER" >/dev/null 2>&1; then
    if [[ $config_before == "$config_after" ]]; then
      log::info "agent container $ECS_AGENT_CONTAINER already runs with this configuration"
      return
    fi
    log::info "configuration changed: recreating $ECS_AGENT_CONTAINER"
    docker rm --force "$ECS_AGENT_CONTAINER" >/dev/null
  fi
  mkdir -p "$ECS_AGENT_LOG_DIR" "$ECS_AGENT_DATA_DIR"
  docker run --name "$ECS_AGENT_CONTAINER" --detach --restart=on-failure:10 \
    --volume=/var/run/docker.sock:/var/run/docker.sock --volume="$ECS_AGENT_LOG_DIR":/log \
    --volume="$ECS_AGENT_DATA_DIR":/data --net=host \
    --env-file="$ECS_CONFIG_FILE" --env=ECS_LOGFILE=/log/ecs-agent.log --env=ECS_DATADIR=/data \
    "$ECS_AGENT_IMAGE" >/dev/null
  log::info "started $ECS_AGENT_CONTAINER from $ECS_AGENT_IMAGE"
}

main() {
  local config_before=none
  bootstrap::require-parameters
  bootstrap::require-root
  java::ensure java-21-amazon-corretto-headless "${ECS_BOOTSTRAP_PACKAGE_MANAGER:-dnf}"
  if ! command -v docker >/dev/null 2>&1; then
    log::info "installing docker"
    "${ECS_BOOTSTRAP_PACKAGE_MANAGER:-dnf}" install -y docker >&2 || bootstrap::die "could not install docker"
  fi
  # docker.service is not ordered after cloud-final, so starting it here cannot deadlock the boot.
  systemctl enable --now docker >&2 || bootstrap::die "could not start docker"
  bootstrap::fetch-jar "$ECS_BOOTSTRAP_JAR_URI" "$ECS_BOOTSTRAP_JAR_SHA256"
  if [[ -f $ECS_CONFIG_FILE ]]; then
    config_before=$(sha256sum "$ECS_CONFIG_FILE" | cut -d ' ' -f 1)
  fi
  bootstrap::apply
  agent::run "$config_before"
}

main "$@"
