#!/bin/sh
# The broker of docker-compose.yml: starts RabbitMQ, then gives each service its own user with the rights of
# permissions.tsv (passwords from RABBITMQ_PASSWORD_<SERVICE>, made by ./idp secrets) and removes guest. Runs at every
# start, so a changed password or permission applies on restart. The health check waits for the ready mark.
set -eu
ready=/var/lib/rabbitmq/idptracker-users-ready
rm -f "$ready"
(
  until rabbitmqctl -q await_startup >/dev/null 2>&1; do sleep 2; done
  tab=$(printf '\t')
  grep -v '^#' /etc/idptracker/permissions.tsv | while IFS="$tab" read -r user configure write readable; do
    [ -n "$user" ] || continue
    service=$(echo "${user#idp-}" | tr 'a-z' 'A-Z')
    password=$(printenv "RABBITMQ_PASSWORD_$service")
    rabbitmqctl -q add_user "$user" "$password" 2>/dev/null || rabbitmqctl -q change_password "$user" "$password"
    rabbitmqctl -q set_permissions -p / "$user" "$configure" "$write" "$readable"
  done
  rabbitmqctl -q delete_user guest 2>/dev/null || true
  touch "$ready"
) &
exec docker-entrypoint.sh rabbitmq-server
