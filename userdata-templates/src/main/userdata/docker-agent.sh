#!/usr/bin/env bash
# ecs-bootstrap user data for a plain Amazon Linux 2023 AMI without ecs-init, where the agent runs
# as a container started with `docker run --env-file /etc/ecs/ecs.config`, as in the "On Other Linux
# AMIs" recipe of amazon-ecs-agent's README.md (v1.105.0), task IAM roles included. Holds no secret.
# The file apply writes is in the subset that both docker's --env-file parser (docker/cli
# opts/file.go, parseKeyValueFile) and ecs-init's (ecs-init/docker/docker.go, getEnvVars, at
# amazon-ecs-agent v1.105.0) read the same way.
set -o errexit -o nounset -o pipefail
umask 077
trap 'log::error "user data failed at line $LINENO"' ERR
trap 'bootstrap::finish "$?"' EXIT

# ecs-bootstrap:inline lib/bootstrap.sh
# shellcheck source=lib/bootstrap.sh
source "${BASH_SOURCE[0]%/*}/lib/bootstrap.sh"
# ecs-bootstrap:inline lib/rotation.sh
# shellcheck source=lib/rotation.sh
source "${BASH_SOURCE[0]%/*}/lib/rotation.sh"

ECS_AGENT_IMAGE=${ECS_AGENT_IMAGE:-public.ecr.aws/ecs/amazon-ecs-agent:latest}
ECS_AGENT_CONTAINER=${ECS_AGENT_CONTAINER:-ecs-agent}
ECS_AGENT_LOG_DIR=${ECS_AGENT_LOG_DIR:-/var/log/ecs}
ECS_AGENT_DATA_DIR=${ECS_AGENT_DATA_DIR:-/var/lib/ecs/data}
SYSCTL_DIR=${SYSCTL_DIR:-/etc/sysctl.d}
SYSTEMD_UNIT_DIR=${SYSTEMD_UNIT_DIR:-/etc/systemd/system}
TASK_ROLES_UNIT=ecs-task-iam-roles.service

# Task IAM roles as the agent README's recipe sets them up: tasks ask 169.254.170.2:80 for their
# credentials, which the agent serves on 127.0.0.1:51679. User data runs once per instance, so the
# sysctl goes into sysctl.d and the NAT rules into a unit that restores them before docker starts on
# every boot; `-C ... || -A ...` keeps a restart from adding a rule twice.
taskroles::setup() {
  local sysctl_file=$SYSCTL_DIR/90-ecs-task-iam-roles.conf
  local dnat='PREROUTING -p tcp -d 169.254.170.2 --dport 80 -j DNAT --to-destination 127.0.0.1:51679'
  local redirect='OUTPUT -d 169.254.170.2 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 51679'
  if files::write-if-changed "$sysctl_file" <<<'net.ipv4.conf.all.route_localnet = 1'; then
    sysctl -p "$sysctl_file" >&2 || bootstrap::die "could not set net.ipv4.conf.all.route_localnet"
  fi
  if files::write-if-changed "$SYSTEMD_UNIT_DIR/$TASK_ROLES_UNIT" <<EOF_UNIT
[Unit]
Description=ECS task IAM roles: send 169.254.170.2:80 to the agent on 127.0.0.1:51679
Before=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'iptables -t nat -C $dnat || iptables -t nat -A $dnat'
ExecStart=/bin/sh -c 'iptables -t nat -C $redirect || iptables -t nat -A $redirect'

[Install]
WantedBy=multi-user.target
EOF_UNIT
  then
    systemctl daemon-reload >&2 || bootstrap::die "could not reload systemd"
  fi
  systemctl enable --now "$TASK_ROLES_UNIT" >&2 || bootstrap::die "could not start $TASK_ROLES_UNIT"
}

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
    --env=ECS_ENABLE_TASK_IAM_ROLE=true --env=ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true \
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
  # docker's package brings iptables; the NAT rules are in place before docker starts.
  taskroles::setup
  # docker.service is not ordered after cloud-final, so starting it here cannot deadlock the boot.
  systemctl enable --now docker >&2 || bootstrap::die "could not start docker"
  bootstrap::fetch "$ECS_BOOTSTRAP_JAR_URI" "$ECS_BOOTSTRAP_JAR_SHA256"
  if [[ -f $ECS_CONFIG_FILE ]]; then
    config_before=$(sha256sum "$ECS_CONFIG_FILE" | cut -d ' ' -f 1)
  fi
  bootstrap::apply
  agent::run "$config_before"
  # The rotation's apply recreates the agent container with the script that started it.
  ROTATION_AFTER=docker.service rotation::install corretto --agent-run-script "${ECS_AGENT_RUN_SCRIPT:-$ECS_BOOTSTRAP_HOME/run-agent.sh}"
}

main "$@"
