#!/usr/bin/env bash
# Quiz AICT with several workers on one Debian machine: PostgreSQL, Redis, nginx, systemd.
# Run as root from a checkout of the repository; read docs/deploy.md first. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

apt-get update -qq
apt-get install -y -qq postgresql redis-server nginx python3-venv >/dev/null

id quiz >/dev/null 2>&1 || useradd --system --home /var/lib/quiz-aict --create-home quiz
install -d -o quiz -g quiz /var/lib/quiz-aict/instance

su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='quiz'\"" | grep -q 1 \
  || su postgres -c "createuser quiz"
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='quiz'\"" | grep -q 1 \
  || su postgres -c "createdb -O quiz quiz"

python3 -m venv /opt/quiz-aict/venv
/opt/quiz-aict/venv/bin/pip install --quiet --upgrade pip
/opt/quiz-aict/venv/bin/pip install --quiet '.[scale]'

[ -f /etc/quiz-aict.env ] || install -m 640 -g quiz deploy/quiz-aict.env /etc/quiz-aict.env
install -m 644 deploy/quiz-aict.service /etc/systemd/system/quiz-aict.service
install -m 644 deploy/nginx.conf /etc/nginx/conf.d/quiz-aict.conf

# The schema and the first admin account (its password and token are printed once).
su quiz -s /bin/bash -c "set -a; . /etc/quiz-aict.env; /opt/quiz-aict/venv/bin/quiz db upgrade"

systemctl daemon-reload
systemctl enable --now quiz-aict
nginx -t && systemctl reload nginx
echo "Edit server_name and the certificate in /etc/nginx/conf.d/quiz-aict.conf, and"
echo "QUIZ_PUBLIC_URL in /etc/quiz-aict.env; the first start printed the admin account:"
echo "  journalctl -u quiz-aict | grep -A3 'First start'"
