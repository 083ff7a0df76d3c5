# Sourced by `make test` and `make bench`: point the suite at the real services.
# DATABASE_URL / REDIS_URL win when set. Otherwise the local PostgreSQL and Redis are used when
# they answer; without them the suite falls back to SQLite and skips the service-backed tests,
# unless REQUIRE_SERVICES=1 (CI), which turns every unreachable service into a failure.
_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
if [ -z "${DATABASE_URL:-}" ]; then
  if _port_open 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/planner"
  else
    echo "!! PostgreSQL is not reachable on 127.0.0.1:5432: database tests run on SQLite." >&2
  fi
fi
if [ -z "${REDIS_URL:-}" ] && _port_open 127.0.0.1 6379; then
  export REDIS_URL="redis://127.0.0.1:6379/0"
fi
export DEBUG="${DEBUG:-0}"
export SECRET_KEY="${SECRET_KEY:-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz}"
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-*}"
# Without Redis the suite runs tasks in-process, which production settings refuse unless asked.
if [ -z "${REDIS_URL:-}" ] && [ -z "${CELERY_BROKER_URL:-}" ]; then export TASKS_IN_PROCESS=1; fi
