#!/usr/bin/env bash
# ecs-bootstrap user data for plain Amazon Linux 2023, the ECS agent a container. Holds no secret.
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

# No ecs-init: the agent runs as a container started with `docker run --env-file /etc/ecs/ecs.config`,
# as in the "On Other Linux AMIs" recipe of amazon-ecs-agent's README.md (v1.105.0), task IAM roles
# included. The file apply writes is in the subset that both docker's --env-file parser (docker/cli
# opts/file.go, parseKeyValueFile) and ecs-init's (ecs-init/docker/docker.go, getEnvVars, at
# amazon-ecs-agent v1.105.0) read the same way.
ECS_AGENT_IMAGE=${ECS_AGENT_IMAGE:-public.ecr.aws/ecs/amazon-ecs-agent:latest}
ECS_AGENT_CONTAINER=${ECS_AGENT_CONTAINER:-ecs-agent}
ECS_AGENT_LOG_DIR=${ECS_AGENT_LOG_DIR:-/var/log/ecs}
ECS_AGENT_DATA_DIR=${ECS_AGENT_DATA_DIR:-/var/lib/ecs/data}
ECS_AGENT_RUN_SCRIPT=${ECS_AGENT_RUN_SCRIPT:-/usr/local/libexec/ecs-bootstrap/run-ecs-agent}
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

# The one place the agent's `docker run` arguments live: user data runs this script, and so does
# `apply --restart-agent --agent-run-script PATH` after a later change to ecs.config. It recreates the
# container, since a container's environment is fixed when it is created (`docker restart` would keep
# the old password). The paths are baked in, so it runs the same from a timer. Its ECS_DATADIR comes
# after --env-file and wins (docker/cli opts/env.go, readKVStrings), so state stays in the mount. For
# the JSON target it mounts the configuration folder and names the JSON file, as ecs-init does on
# ECS-optimized AMIs (getHostConfig, getContainerConfig in ecs-init/docker/docker.go, v1.105.0);
# read-only, since the agent only reads it. The target is ECS_BOOTSTRAP_TARGET (json, or the default
# ecs-config), which render-userdata sets. Returns 1 when the script was already so.
agent::install-run-script() {
  local config_mount=''
  [[ ${ECS_BOOTSTRAP_TARGET:-ecs-config} != json ]] || config_mount=${ECS_CONFIG_FILE%/*}
  {
    printf '#!/usr/bin/env bash\nset -o errexit -o nounset -o pipefail\n'
    printf '%s=%q\n' container "$ECS_AGENT_CONTAINER" image "$ECS_AGENT_IMAGE" \
      log_dir "$ECS_AGENT_LOG_DIR" data_dir "$ECS_AGENT_DATA_DIR" env_file "$ECS_CONFIG_FILE" \
      config_mount "$config_mount"
    cat <<'EOF_RUN'
! docker inspect "$container" >/dev/null 2>&1 || docker rm --force "$container" >/dev/null
mkdir -p "$log_dir" "$data_dir"
docker run --name "$container" --detach --restart=on-failure:10 \
  --volume=/var/run/docker.sock:/var/run/docker.sock --volume="$log_dir":/log \
  --volume="$data_dir":/data --net=host \
  --env-file="$env_file" --env=ECS_LOGFILE=/log/ecs-agent.log --env=ECS_DATADIR=/data \
  --env=ECS_ENABLE_TASK_IAM_ROLE=true --env=ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true \
  ${config_mount:+"--volume=$config_mount:/etc/ecs:ro"} \
  ${config_mount:+"--env=ECS_AGENT_CONFIG_FILE_PATH=/etc/ecs/ecs.config.json"} \
  "$image" >/dev/null
EOF_RUN
  } | files::write-if-changed "$ECS_AGENT_RUN_SCRIPT" 755
}

main() {
  local config_before=none packages=${ECS_BOOTSTRAP_PACKAGE_MANAGER:-dnf}
  bootstrap::require-parameters
  bootstrap::require-root
  java::ensure java-21-amazon-corretto-headless "$packages"
  if ! command -v docker >/dev/null 2>&1; then
    log::info "installing docker"
    "$packages" install -y docker >&2 || bootstrap::die "could not install docker"
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
  # A changed run script or file means a new container; else the running one stays.
  if agent::install-run-script || ! docker inspect "$ECS_AGENT_CONTAINER" >/dev/null 2>&1 ||
    [[ $config_before != "$(sha256sum "$ECS_CONFIG_FILE" | cut -d ' ' -f 1)" ]]; then
    "$ECS_AGENT_RUN_SCRIPT" || bootstrap::die "$ECS_AGENT_RUN_SCRIPT failed"
    log::info "started $ECS_AGENT_CONTAINER from $ECS_AGENT_IMAGE"
  else
    log::info "$ECS_AGENT_CONTAINER already runs with this configuration"
  fi
  # The rotation's apply recreates the agent container with the script that started it.
  ROTATION_AFTER=docker.service rotation::install corretto --agent-run-script "$ECS_AGENT_RUN_SCRIPT"
}

main "$@"
