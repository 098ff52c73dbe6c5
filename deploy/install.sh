#!/bin/sh
# A first deploy of Majster Admin on Debian (PostgreSQL, nginx, systemd), as root. Running it again changes nothing:
# it creates only what is missing and never overwrites the settings file.
#
#   MAJSTER_SITE=majster.example.com MAJSTER_APP=/path/to/published deploy/install.sh
#
# MAJSTER_APP is the output of `dotnet publish Majster.Admin -c Release -o DIR`. Optional: MAJSTER_ADMIN_EMAIL
# (admin@SITE), MAJSTER_USER and MAJSTER_DB (majster), MAJSTER_ROOT (a folder to install under instead of /),
# MAJSTER_RUNBOOK_URL (where your team reads docs/operations.md, for the alerts' links; by default the copy this
# script puts in /usr/share/doc/majster), and PGHOST/PGPORT when PostgreSQL is not on this machine's socket and port 5432.
set -eu

SITE="${MAJSTER_SITE:?set MAJSTER_SITE to the site's name, as in https://NAME/}"
APP="${MAJSTER_APP:?set MAJSTER_APP to the published app's folder}"
ADMIN_EMAIL="${MAJSTER_ADMIN_EMAIL:-admin@$SITE}"
OS_USER="${MAJSTER_USER:-majster}"
DB="${MAJSTER_DB:-majster}"
ROOT="${MAJSTER_ROOT:-}"
RUNBOOK_URL="${MAJSTER_RUNBOOK_URL:-file:///usr/share/doc/majster/operations.md}"
KIT="$(cd "$(dirname "$0")" && pwd)"
cd /

ETC="$ROOT/etc/majster"
ENV_FILE="$ETC/majster.env"
OPT="$ROOT/opt/majster"
say() { printf '%s\n' "$*"; }
psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtX -d postgres "$@"; }

# 1. The OS user the units run as (User=majster), with no login.
if ! id -u "$OS_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$ROOT/var/lib/majster" --create-home --shell /usr/sbin/nologin "$OS_USER"
    say "Created the user $OS_USER"
fi

# 2. The app, readable by its user, writable by root only. A new release goes into a fresh folder that then takes the
#    old one's place, so running instances keep the files they opened until they restart.
if ! diff -rq "$APP" "$OPT" >/dev/null 2>&1; then
    rm -rf "$OPT.new"
    mkdir -p "$OPT.new"
    cp -a "$APP/." "$OPT.new/"
    chown -R root:root "$OPT.new"
    chmod -R u=rwX,go=rX "$OPT.new"
    rm -rf "$OPT.old"
    if [ -e "$OPT" ]; then mv "$OPT" "$OPT.old"; fi
    mv "$OPT.new" "$OPT"
    rm -rf "$OPT.old"
    say "Installed the app in $OPT"
fi

# 3. The settings, written once from the template with generated secrets (mode 0600: systemd reads it as root).
mkdir -p "$ETC"
chmod 0755 "$ETC"
if [ ! -e "$ENV_FILE" ]; then
    db_password="$(openssl rand -hex 24)"
    admin_password="Mj1-$(openssl rand -hex 12)"
    api_token="mjt_$(openssl rand -hex 24)"
    umask 077
    sed -e "s|Host=127.0.0.1;Port=5432;Database=majster;Username=majster;Password=change-me|Host=127.0.0.1;Port=${PGPORT:-5432};Database=$DB;Username=$DB;Password=$db_password|" \
        -e "s|^AllowedHosts=\"majster.example.com;|AllowedHosts=\"$SITE;|" \
        -e "s|^Bootstrap__AdminEmail=.*|Bootstrap__AdminEmail=\"$ADMIN_EMAIL\"|" \
        -e "s|^Bootstrap__AdminPassword=.*|Bootstrap__AdminPassword=\"$admin_password\"|" \
        -e "s|^Bootstrap__AdminApiToken=.*|Bootstrap__AdminApiToken=\"$api_token\"|" \
        "$KIT/systemd/majster.env" > "$ENV_FILE"
    umask 022
    say "Wrote $ENV_FILE: set its Smtp__ values. The first admin signs in as $ADMIN_EMAIL with $admin_password"
fi

# 4. The database and its role, which owns it (so that it may create the schema and the two trusted extensions).
db_password="$(sed -n 's/^ConnectionStrings__Majster=".*Password=\([^;"]*\).*/\1/p' "$ENV_FILE")"
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB'")" ]; then
    psql_admin -c "CREATE ROLE \"$DB\" LOGIN PASSWORD '$db_password'"
    say "Created the PostgreSQL role $DB"
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    psql_admin -c "CREATE DATABASE \"$DB\" OWNER \"$DB\""
    say "Created the database $DB"
fi

# 5. The units, the nginx site (with this server_name) and `majster-admin`, the app's verbs with the units' settings.
mkdir -p "$ROOT/etc/systemd/system" "$ROOT/etc/nginx/sites-available" "$ROOT/etc/nginx/sites-enabled" "$ROOT/usr/local/bin"
install -m 0644 "$KIT/systemd/majster@.service" "$ROOT/etc/systemd/system/majster@.service"
sed "s/server_name majster.example.com;/server_name $SITE;/" "$KIT/nginx/majster.conf" > "$ROOT/etc/nginx/sites-available/majster"
ln -sfn ../sites-available/majster "$ROOT/etc/nginx/sites-enabled/majster"
cat > "$ROOT/usr/local/bin/majster-admin" <<VERBS
#!/bin/sh
# Majster.Admin's verbs with the units' settings: majster-admin --migrate | reset-password EMAIL | backup FILE | restore FILE
set -a; . "$ENV_FILE"; set +a
exec runuser -u "$OS_USER" -- /usr/bin/dotnet "$OPT/Majster.Admin.dll" "\$@"
VERBS
chmod 0755 "$ROOT/usr/local/bin/majster-admin"

# 6. The runbook, and the alert rules for Prometheus with their links to it.
install -D -m 0644 "$KIT/../docs/operations.md" "$ROOT/usr/share/doc/majster/operations.md"
sed "s|file:///usr/share/doc/majster/operations.md#|$RUNBOOK_URL#|" "$KIT/prometheus/alerts.yml" > "$ETC/majster-alerts.yml"
chmod 0644 "$ETC/majster-alerts.yml"
if [ -z "$ROOT" ] && command -v systemctl >/dev/null 2>&1; then
    systemctl daemon-reload
fi

# 7. The schema.
"$ROOT/usr/local/bin/majster-admin" --migrate

say "Next: set the certificate paths in /etc/nginx/sites-available/majster and the Smtp__ values in $ENV_FILE, then"
say "  nginx -t && systemctl reload nginx && systemctl enable --now majster@0 majster@1"
say "Alert rules for Prometheus: $ETC/majster-alerts.yml"
