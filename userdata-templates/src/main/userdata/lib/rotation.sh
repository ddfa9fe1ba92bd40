#!/usr/bin/env bash
# Rotation (render-userdata --rotation), after lib/bootstrap.sh, whose empty rotation::install this
# replaces: a systemd timer that runs `apply --restart-agent` every ECS_BOOTSTRAP_ROTATION_SECONDS
# with the runtime, sources, flags and environment the boot used. render-userdata inlines this file
# only with --rotation, so the others keep its bytes of EC2's 16 KB.

ECS_BOOTSTRAP_STATE_FILE=${ECS_BOOTSTRAP_STATE_FILE:-/var/lib/ecs-bootstrap/state.json}
SYSTEMD_UNIT_DIR=${SYSTEMD_UNIT_DIR:-/etc/systemd/system}
# Seeds this host's offset in the period, so a fleet started together does not restart together.
MACHINE_ID_FILE=${MACHINE_ID_FILE:-/etc/machine-id}

# $1 for a unit file (systemd.service(5) "Command lines", systemd.unit(5) "Specifiers"): backslash
# and double quote escaped, % as %%. ExecStart= also expands $, so its caller doubles that too;
# Environment= expands no variables.
systemd::escape() {
  local w=${1//\\/\\\\}
  w=${w//\"/\\\"}
  printf '%s' "${w//%/%%}"
}

# $1: the runtime apply ran with at boot: bundle (from inside its folder, as bundle::apply runs it,
# since the AOT cache names the jar by that relative path) or corretto; the rest: more apply flags.
# ROTATION_AFTER: the agent's unit (default ecs.service). The run is ordered after it and after
# cloud-final: an agent restart inside cloud-final deadlocks, as ecs.service is After= it. A oneshot
# without Restart= shows a failure with apply's exit code in the journal, and waits for the next
# period. Every value is one word (render-userdata refuses quotes, spaces and control characters),
# so the line is escaped whole; none is secret. ExecStart= needs an absolute program on systemd 219.
# The environment is what bootstrap::apply exports.
rotation::install() {
  local s=$ECS_BOOTSTRAP_ROTATION_SECONDS u=ecs-bootstrap-rotate dir=/ java jar cmd seed changed=""
  jar=$ECS_BOOTSTRAP_HOME/ecs-bootstrap.jar
  if [[ $1 == bundle ]]; then
    dir=$ECS_BOOTSTRAP_HOME/bundle/ecs-bootstrap
    java="$dir/runtime/bin/java -XX:AOTCache=ecs-bootstrap.aot" jar=ecs-bootstrap.jar
  else
    java=$(command -v "$ECS_BOOTSTRAP_JAVA")
  fi
  shift
  cmd=$(systemd::escape "$java $ECS_BOOTSTRAP_JVM_FLAGS -jar $jar apply $ECS_BOOTSTRAP_CONFIG_URIS --ecs-config \
$ECS_CONFIG_FILE $ECS_BOOTSTRAP_APPLY_FLAGS --restart-agent --state-file $ECS_BOOTSTRAP_STATE_FILE${*:+ $*}")
  mkdir -p "${ECS_BOOTSTRAP_STATE_FILE%/*}"
  read -r seed _ < <(cksum "$MACHINE_ID_FILE" 2>/dev/null || echo 0)
  files::write-if-changed "$SYSTEMD_UNIT_DIR/$u.service" <<EOF && changed=1
[Unit]
Description=ecs-bootstrap rotation: apply --restart-agent
After=cloud-final.service ${ROTATION_AFTER:-ecs.service}

[Service]
Type=oneshot
TimeoutStartSec=10min
Environment=$(systemd::escape "AWS_EC2_METADATA_SERVICE_ENDPOINT=$IMDS_ENDPOINT${S3_ENDPOINT:+ AWS_ENDPOINT_URL_S3=$S3_ENDPOINT}")
WorkingDirectory=$dir
ExecStart=${cmd//\$/\$\$}
EOF
  # Monotonic timers (Persistent= acts on OnCalendar= only), all in systemd 219: the first run a
  # period and this host's offset after boot, then a period after each start.
  files::write-if-changed "$SYSTEMD_UNIT_DIR/$u.timer" <<EOF && changed=1
[Timer]
OnBootSec=$((s + seed % s))s
OnUnitActiveSec=${s}s

[Install]
WantedBy=timers.target
EOF
  [[ -z $changed ]] || systemctl daemon-reload >&2 || bootstrap::die "could not reload systemd"
  # No `enable --now` on systemd 219. --no-block: the timer is not ordered after cloud-final, and
  # the service it starts waits for cloud-final to end; nothing here waits for that service.
  { systemctl enable $u.timer && systemctl start --no-block $u.timer; } >&2 || bootstrap::die "could not start $u.timer"
}
