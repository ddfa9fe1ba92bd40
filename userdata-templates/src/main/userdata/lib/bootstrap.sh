#!/usr/bin/env bash
# Functions shared by every ecs-bootstrap user-data template. `render-userdata` inlines this file
# into the template, so user data stays one self-contained script. It defines functions and
# defaults only; nothing runs until the template's main calls it.
#
# Every endpoint and path has a production default and an override, which is what the simulated
# boot tests use. Nothing here ever prints a credential, and there is no `set -x` anywhere.

IMDS_ENDPOINT=${IMDS_ENDPOINT:-http://169.254.169.254}
ECS_CONFIG_FILE=${ECS_CONFIG_FILE:-/etc/ecs/ecs.config}
ECS_BOOTSTRAP_HOME=${ECS_BOOTSTRAP_HOME:-/opt/ecs-bootstrap}
ECS_BOOTSTRAP_JAVA=${ECS_BOOTSTRAP_JAVA:-java}
# How long each network step keeps retrying while the instance's network and role settle.
ECS_BOOTSTRAP_RETRIES=${ECS_BOOTSTRAP_RETRIES:-10}
# poweroff: a failed boot stops the instance so its Auto Scaling group replaces it; stay: keep it.
ECS_BOOTSTRAP_ON_FAILURE=${ECS_BOOTSTRAP_ON_FAILURE:-poweroff}

log::info() {
  echo >&2 "$(date '+%Y-%m-%dT%H:%M:%S%z')" "[ecs-bootstrap-userdata] INFO" "$@"
}

log::error() {
  echo >&2 "$(date '+%Y-%m-%dT%H:%M:%S%z')" "[ecs-bootstrap-userdata] ERROR" "$@"
}

# Fails the boot with a message; the templates' EXIT trap (bootstrap::finish) then reports it.
bootstrap::die() {
  log::error "$@"
  exit 1
}

# The values render-userdata writes at the top of the script.
bootstrap::require-parameters() {
  : "${ECS_BOOTSTRAP_CONFIG_URIS:?set by render-userdata}"
  : "${ECS_BOOTSTRAP_JAR_URI:?set by render-userdata}"
  : "${ECS_BOOTSTRAP_JAR_SHA256:?set by render-userdata}"
  : "${ECS_BOOTSTRAP_APPLY_FLAGS:=}"
}

bootstrap::require-root() {
  if [[ $(id -u) -ne 0 ]]; then
    bootstrap::die "must run as root (EC2 user data does)"
  fi
}

# IMDSv2 only: a session token first, then every GET carries it.
imds::token() {
  curl --silent --show-error --fail --retry "$ECS_BOOTSTRAP_RETRIES" --retry-connrefused --retry-delay 1 \
    --request PUT --header "X-aws-ec2-metadata-token-ttl-seconds: 300" "$IMDS_ENDPOINT/latest/api/token"
}

imds::get() {
  local token=$1 path=$2
  curl --silent --show-error --fail --retry "$ECS_BOOTSTRAP_RETRIES" --retry-connrefused --retry-delay 1 \
    --header "X-aws-ec2-metadata-token: $token" "$IMDS_ENDPOINT$path"
}

# The value of one string field of a flat JSON document, without jq (the AMIs may not ship it).
json::field() {
  local name=$1
  sed -n "s/.*\"$name\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | head -n 1
}

# The instance role's credentials as curl configuration lines, for `curl --config -`: they reach curl
# through a pipe, never through its arguments (which `ps` shows). Callers run this on the left of a
# pipe, so the local variable holding them lives only in that subshell; it is never exported or logged.
imds::curl-credentials() {
  local token=$1 role="" credentials
  for _ in $(seq "$ECS_BOOTSTRAP_RETRIES"); do
    role=$(imds::get "$token" /latest/meta-data/iam/security-credentials/ 2>/dev/null | head -n 1) && break
    log::info "instance role credentials not available yet; retrying"
    sleep 1
  done
  [[ -n $role ]] || bootstrap::die "no instance role credentials from IMDS; does the instance have a profile?"
  credentials=$(imds::get "$token" "/latest/meta-data/iam/security-credentials/$role")
  printf 'user = "%s:%s"\nheader = "x-amz-security-token: %s"\n' \
    "$(json::field AccessKeyId <<<"$credentials")" \
    "$(json::field SecretAccessKey <<<"$credentials")" \
    "$(json::field Token <<<"$credentials")"
}

imds::region() {
  local token=$1
  if [[ -n ${ECS_BOOTSTRAP_REGION:-} ]]; then
    echo "$ECS_BOOTSTRAP_REGION"
  else
    imds::get "$token" /latest/meta-data/placement/region
  fi
}

# Downloads s3://BUCKET/KEY to a file with the instance role's credentials, signed by curl itself
# (the ECS-optimized AMIs ship no AWS CLI).
s3::download() {
  local uri=$1 destination=$2 token region bucket key url
  token=$(imds::token)
  region=$(imds::region "$token")
  bucket=${uri#s3://}
  bucket=${bucket%%/*}
  key=${uri#s3://*/}
  if [[ -n ${S3_ENDPOINT:-} ]]; then
    url="$S3_ENDPOINT/$bucket/$key"
  else
    url="https://$bucket.s3.$region.amazonaws.com/$key"
  fi
  imds::curl-credentials "$token" |
    curl --silent --show-error --fail --retry "$ECS_BOOTSTRAP_RETRIES" --retry-connrefused --retry-delay 1 \
      --aws-sigv4 "aws:amz:$region:s3" --output "$destination" --config - "$url"
}

# Tells a CloudFormation creation policy how the boot went, when the stack asked for it with
# ECS_BOOTSTRAP_CFN_SIGNAL='STACK LOGICAL_ID REGION'. SignalResource is signed like s3::download:
# the AMIs ship no cfn-signal either.
cfn::signal() {
  local status=$1 stack logical_id region token instance result endpoint
  [[ -n ${ECS_BOOTSTRAP_CFN_SIGNAL:-} ]] || return 0
  read -r stack logical_id region <<<"$ECS_BOOTSTRAP_CFN_SIGNAL"
  result=SUCCESS
  [[ $status -eq 0 ]] || result=FAILURE
  token=$(imds::token) || return 0
  instance=$(imds::get "$token" /latest/meta-data/instance-id) || return 0
  endpoint=${CLOUDFORMATION_ENDPOINT:-}
  [[ -n $endpoint ]] || endpoint="https://cloudformation.$region.amazonaws.com"
  if imds::curl-credentials "$token" |
    curl --silent --show-error --fail --retry 3 --retry-delay 1 --output /dev/null \
      --aws-sigv4 "aws:amz:$region:cloudformation" --config - \
      --data "Action=SignalResource&Version=2010-05-15&StackName=$stack&LogicalResourceId=$logical_id&UniqueId=$instance&Status=$result" \
      "$endpoint/"; then
    log::info "signalled $result to $stack/$logical_id"
  else
    log::error "could not signal $result to $stack/$logical_id"
  fi
}

# The templates' EXIT trap: report the real outcome, and on failure get the instance replaced.
bootstrap::finish() {
  local status=$1
  cfn::signal "$status"
  if [[ $status -ne 0 && $ECS_BOOTSTRAP_ON_FAILURE == poweroff ]]; then
    log::error "powering off so the Auto Scaling group replaces this instance" \
      "(ECS_BOOTSTRAP_ON_FAILURE=stay keeps it for debugging)"
    # --no-block: never wait for a systemd job from inside cloud-init.
    systemctl poweroff --no-block || true
  fi
}

# A Java 17+ runtime: the ECS-optimized AMIs ship none. $1 is the distribution's Corretto package,
# $2 its package manager (dnf or yum).
java::ensure() {
  local package=$1 major
  major=$("$ECS_BOOTSTRAP_JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1 || true)
  if [[ -n $major && $major -ge 17 ]]; then
    log::info "Java $major present"
    return
  fi
  log::info "installing $package"
  "$2" install -y "$package" >&2 || bootstrap::die "could not install $package"
}

# Fetches the jar and installs it only if its SHA-256 is the one this user data was rendered with.
bootstrap::fetch-jar() {
  local uri=$1 expected=$2 jar="$ECS_BOOTSTRAP_HOME/ecs-bootstrap.jar" download actual
  mkdir -p "$ECS_BOOTSTRAP_HOME"
  download=$(mktemp "$ECS_BOOTSTRAP_HOME/.download.XXXXXX")
  s3::download "$uri" "$download" || { rm -f "$download"; bootstrap::die "could not download $uri"; }
  actual=$(sha256sum "$download" | cut -d ' ' -f 1)
  if [[ $actual != "$expected" ]]; then
    rm -f "$download"
    bootstrap::die "SHA-256 mismatch for $uri: expected $expected, got $actual; refusing to run it"
  fi
  mv -f "$download" "$jar"
  log::info "fetched $uri (SHA-256 verified)"
}

# Runs apply; it retries transient failures inside its own deadline, so there is no loop here.
bootstrap::apply() {
  local status=0
  # The production value is the SDK's default; passing it always keeps one source of truth.
  export AWS_EC2_METADATA_SERVICE_ENDPOINT=$IMDS_ENDPOINT
  if [[ -n ${S3_ENDPOINT:-} ]]; then
    export AWS_ENDPOINT_URL_S3=$S3_ENDPOINT
  fi
  # shellcheck disable=SC2086 # the configured URIs and flags are separate words on purpose
  "$ECS_BOOTSTRAP_JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$ECS_BOOTSTRAP_HOME/ecs-bootstrap.jar" \
    apply $ECS_BOOTSTRAP_CONFIG_URIS --ecs-config "$ECS_CONFIG_FILE" $ECS_BOOTSTRAP_APPLY_FLAGS || status=$?
  if [[ $status -ne 0 ]]; then
    bootstrap::die "ecs-bootstrap apply failed with exit code $status (see its lines above)"
  fi
}

# The whole boot on an ECS-optimized AMI: only write the file. ecs.service is ordered
# After=cloud-final.service and reads it when it starts; a blocking `systemctl start|restart ecs`
# from user data would deadlock cloud-init (ecs-agent-semantics.md section 4).
# $1 is the distribution's Corretto package, $2 its package manager.
bootstrap::ecs-optimized-main() {
  bootstrap::require-parameters
  bootstrap::require-root
  java::ensure "$1" "${ECS_BOOTSTRAP_PACKAGE_MANAGER:-$2}"
  bootstrap::fetch-jar "$ECS_BOOTSTRAP_JAR_URI" "$ECS_BOOTSTRAP_JAR_SHA256"
  bootstrap::apply
  log::info "done; the ECS agent reads $ECS_CONFIG_FILE when it starts after cloud-init"
}
