#!/usr/bin/env bash
# ecs-bootstrap user data for the ECS-optimized Amazon Linux 2023 AMI. Holds no secret: only where
# the fragment and the jar are, and the jar's SHA-256. It writes /etc/ecs/ecs.config and starts
# nothing: ecs.service starts after cloud-init and reads it.
set -o errexit -o nounset -o pipefail
umask 077
trap 'log::error "user data failed at line $LINENO"' ERR
trap 'bootstrap::finish "$?"' EXIT

# ecs-bootstrap:inline lib/bootstrap.sh
# shellcheck source=lib/bootstrap.sh
source "${BASH_SOURCE[0]%/*}/lib/bootstrap.sh"
# ecs-bootstrap:inline lib/ecs-optimized.sh
# shellcheck source=lib/ecs-optimized.sh
source "${BASH_SOURCE[0]%/*}/lib/ecs-optimized.sh"
# ecs-bootstrap:inline lib/rotation.sh
# shellcheck source=lib/rotation.sh
source "${BASH_SOURCE[0]%/*}/lib/rotation.sh"

bootstrap::ecs-optimized-main java-21-amazon-corretto-headless dnf
