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
# How apply's JVM starts, as measured in docs/performance.md: C1 only and the serial collector for
# a process that lives about a second; a bounded heap (the default initial heap is 1/64 of the
# host's memory, which set peak RSS); no full collection when class metadata first passes the
# default 21 MB threshold; no perf-data file.
ECS_BOOTSTRAP_JVM_FLAGS=${ECS_BOOTSTRAP_JVM_FLAGS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xmx64m -XX:MetaspaceSize=64m -XX:-UsePerfData}
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

# Writes stdin to the file (mode 644, or the second argument) unless it already holds exactly that;
# returns 1 when nothing changed, so a rerun leaves the file alone.
files::write-if-changed() {
  local file=$1 mode=${2:-644} content
  content=$(cat)
  if [[ -f $file && $(<"$file") == "$content" ]]; then
    return 1
  fi
  mkdir -p "${file%/*}"
  printf '%s\n' "$content" >"$file.tmp"
  chmod "$mode" "$file.tmp"
  mv -f "$file.tmp" "$file"
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
  # Every template calls this first, so an old curl stops the boot before anything is installed.
  curl::require-version
}

# curl signs the x-amz-* headers it is given (the role's session token, the payload digest) only
# from 7.86.0; an older one sends them unsigned and S3 refuses the download with a bare 403.
CURL_MINIMUM_VERSION=7.86.0

curl::require-version() {
  local found
  found=$(curl --version 2>/dev/null | sed -n '1s/^curl \([0-9][0-9.]*\).*/\1/p')
  # sort -V -C: true when the minimum sorts first, i.e. is at most the version found.
  if [[ -z $found ]] ||
    ! printf '%s\n%s\n' "$CURL_MINIMUM_VERSION" "$found" | sort --check=quiet --version-sort; then
    bootstrap::die "curl ${found:-of unknown version} is too old: the jar download needs curl" \
      "$CURL_MINIMUM_VERSION or later, which signs the instance role's session token. The" \
      "ECS-optimized Amazon Linux 2023 AMIs have it (7.88.1 or later since their first release," \
      "March 2023), and the Amazon Linux 2 ones from the October 2023 curl 8.3.0 update on" \
      "(ALAS2-2023-2287); launch a newer AMI"
  fi
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

# The SHA-256 of an empty body. S3 refuses a SigV4 request without x-amz-content-sha256, and curl
# adds it by itself only from 8.0.0 (lib/http_aws_sigv4.c), so every GET here sends it.
S3_EMPTY_BODY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# The URL of s3://BUCKET/KEY in REGION, addressed as the AWS SDK addresses it: virtual-hosted, but
# path-style for a name with a dot, which the certificate *.s3.REGION.amazonaws.com does not cover.
s3::url() {
  local bucket=$1 key=$2 region=$3
  if [[ -n ${S3_ENDPOINT:-} ]]; then
    echo "$S3_ENDPOINT/$bucket/$key"
  elif [[ $bucket == *.* ]]; then
    echo "https://s3.$region.amazonaws.com/$bucket/$key"
  else
    echo "https://$bucket.s3.$region.amazonaws.com/$key"
  fi
}

# One GET of URL signed for REGION into DESTINATION, its response headers into HEADERS; prints
# the HTTP status (000 when there was none). No --fail: a 301 is an answer to read, not an error,
# and an error body must not pass for the file. ECS_BOOTSTRAP_CURL_CONNECT_TO is a test knob
# (curl's --connect-to, sending the AWS names to a local server); production leaves it empty.
s3::get() {
  local token=$1 region=$2 url=$3 destination=$4 headers=$5
  {
    imds::curl-credentials "$token"
    if [[ -n ${ECS_BOOTSTRAP_CURL_CONNECT_TO:-} ]]; then
      printf 'connect-to = "%s"\n' "$ECS_BOOTSTRAP_CURL_CONNECT_TO"
    fi
  } | curl --silent --show-error --retry "$ECS_BOOTSTRAP_RETRIES" --retry-connrefused --retry-delay 1 \
    --aws-sigv4 "aws:amz:$region:s3" --header "x-amz-content-sha256: $S3_EMPTY_BODY_SHA256" \
    --dump-header "$headers" --write-out '%{http_code}' --output "$destination" --config - "$url"
}

# The region an S3 redirect names (its last x-amz-bucket-region header), from response headers.
s3::redirect-region() {
  tr -d '\r' | sed -n 's/^x-amz-bucket-region:[[:space:]]*\([a-z0-9-]*\)$/\1/Ip' | tail -n 1
}

# The <Code> of an S3 error body: letters only, never the rest (a SignatureDoesNotMatch body
# echoes the canonical request, session token included).
s3::error-code() {
  sed -n 's/.*<Code>\([A-Za-z]*\)<\/Code>.*/\1/p' | head -n 1
}

# Downloads s3://BUCKET/KEY to a file with the instance role's credentials, signed by curl itself
# (the ECS-optimized AMIs ship no AWS CLI). The bucket's region is ECS_BOOTSTRAP_JAR_REGION, else
# the instance's; a bucket elsewhere answers 301 PermanentRedirect with its region, which is
# followed once, signed anew for that region. With $3 = absent-ok, for a caller with a fallback and
# without an error line: no such object returns 2, and 403 AccessDenied returns 3 (S3's answer for
# a missing key to a role that may not list the bucket, or an object the role may not read).
s3::download() {
  local uri=$1 destination=$2 token region bucket key url headers="$2.headers" status redirect code
  token=$(imds::token)
  region=${ECS_BOOTSTRAP_JAR_REGION:-}
  [[ -n $region ]] || region=$(imds::region "$token")
  bucket=${uri#s3://}
  bucket=${bucket%%/*}
  key=${uri#s3://*/}
  url=$(s3::url "$bucket" "$key" "$region")
  status=$(s3::get "$token" "$region" "$url" "$destination" "$headers") || true
  if [[ $status == 301 ]]; then
    redirect=$(s3::redirect-region <"$headers")
    if [[ -n $redirect && $redirect != "$region" ]]; then
      log::info "s3://$bucket is in $redirect, not $region; fetching it from there" \
        "(render-userdata --jar-region $redirect saves this round trip)"
      region=$redirect
      url=$(s3::url "$bucket" "$key" "$region")
      status=$(s3::get "$token" "$region" "$url" "$destination" "$headers") || true
    fi
  fi
  rm -f "$headers"
  if [[ $status != 200 ]]; then
    code=$({ s3::error-code <"$destination"; } 2>/dev/null || true)
    if [[ ${3:-} == absent-ok ]]; then
      [[ $status == 404 ]] && return 2
      [[ $status == 403 && $code == AccessDenied ]] && return 3
    fi
    log::error "GET $uri from $region answered HTTP $status $code"
    return 1
  fi
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

# Fetches s3 URI $1 to $3 (default: the jar's place) only if its SHA-256 is $2, the one this user
# data was rendered with. $4 as for s3::download: with absent-ok, it returns 2 or 3 as that does.
bootstrap::fetch() {
  local uri=$1 expected=$2 jar=${3:-$ECS_BOOTSTRAP_HOME/ecs-bootstrap.jar} download actual status=0
  mkdir -p "$ECS_BOOTSTRAP_HOME"
  download=$(mktemp "$ECS_BOOTSTRAP_HOME/.download.XXXXXX")
  s3::download "$uri" "$download" "${4:-}" || status=$?
  if [[ $status -ne 0 ]]; then
    rm -f "$download"
    [[ $status -eq 2 || $status -eq 3 ]] && return "$status"
    bootstrap::die "could not download $uri"
  fi
  # From stdin: sha256sum escapes a file name with a backslash and prefixes the digest with one.
  actual=$(sha256sum <"$download" | cut -d' ' -f1)
  if [[ $actual != "$expected" ]]; then
    rm -f "$download"
    bootstrap::die "SHA-256 mismatch for $uri: expected $expected, got $actual; refusing to run it"
  fi
  mv -f "$download" "$jar"
  log::info "fetched $uri (SHA-256 verified)"
}

# render-userdata --rotation inlines lib/rotation.sh, which replaces this with the timer's set-up.
rotation::install() { :; }

# Runs apply with the java command line given (default: $ECS_BOOTSTRAP_JAVA and the fetched jar); it
# retries transient failures inside its own deadline, so there is no loop here.
bootstrap::apply() {
  local status=0
  # The production value is the SDK's default; passing it always keeps one source of truth.
  export AWS_EC2_METADATA_SERVICE_ENDPOINT=$IMDS_ENDPOINT
  if [[ -n ${S3_ENDPOINT:-} ]]; then
    export AWS_ENDPOINT_URL_S3=$S3_ENDPOINT
  fi
  # shellcheck disable=SC2086 # the flags and the configured URIs are separate words on purpose
  (($#)) || set -- "$ECS_BOOTSTRAP_JAVA" $ECS_BOOTSTRAP_JVM_FLAGS -jar "$ECS_BOOTSTRAP_HOME/ecs-bootstrap.jar"
  # shellcheck disable=SC2086
  "$@" apply $ECS_BOOTSTRAP_CONFIG_URIS --ecs-config "$ECS_CONFIG_FILE" $ECS_BOOTSTRAP_APPLY_FLAGS || status=$?
  if [[ $status -ne 0 ]]; then
    bootstrap::die "ecs-bootstrap apply failed with exit code $status (see its lines above)"
  fi
}
