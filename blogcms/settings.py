"""Settings for blogcms, driven entirely by environment variables.

A `.env` file next to manage.py is read when present (the Makefile writes one
for a laptop, with a freshly generated secret key); real deployments set the
variables in the process environment instead. See README.md, "Configuration".
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django_filters",
    "reversion",
    "taggit",
    "posts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so that static files carry the security headers too.
    "blogcms.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "blogcms.nulguard.RefuseNulMiddleware",
    # ETags and 304s for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above sessions, CSRF and auth: see its docstring.
    "blogcms.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, so that only real 404s fall back to the redirects table.
    "posts.redirects.ExpiringRedirectMiddleware",
]

ROOT_URLCONF = "blogcms.urls"
WSGI_APPLICATION = "blogcms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock as it begins, and one that
    # finds it taken waits. Otherwise two that have both read (two editors
    # saving one post, a bulk action beside a save) fail at the first write
    # with "database is locked", a server error, rather than the later one
    # waiting and then finding the other's changes (PostAdminForm).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the content version (posts.cache), which every process must
# share: each gunicorn worker, and a command such as import_seeds run beside
# them. Local memory is one process's own, so a machine on its own keeps the
# version in files; several app servers share one Redis.
#
# Pages and derived values (below) are kept in each process's memory, under
# the version. Through Redis the servers also share them; on one machine each
# process keeps its own, and the files hold the version alone (Django's file
# cache lists its directory on every write, so thousands of pages would slow
# every write down).
if env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache_url("REDIS_URL")}
    SHARE_KEPT_VALUES = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("DJANGO_CACHE_DIR", default=str(BASE_DIR / ".cache")),
        }
    }
    SHARE_KEPT_VALUES = False

# Rendered public pages (blogcms.pagecache). They are keyed on the content
# version, so an edit never leaves a stale one behind and they may live long;
# 0 turns the page cache off. Browsers and proxies may reuse a public page for
# PUBLIC_PAGE_MAX_AGE seconds without asking again.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=3600)
PUBLIC_PAGE_MAX_AGE = env.int("DJANGO_PUBLIC_PAGE_MAX_AGE", default=60)
# What pages derive from the content at a cost (counts that read every post,
# rendered Markdown, the filter form), kept per content version even when
# pages are not cached (posts.cache); 0 works it out on every page.
DERIVED_CACHE_SECONDS = env.int("DJANGO_DERIVED_CACHE_SECONDS", default=3600)

# HTTPS. Everything here is off by default so that a laptop can serve plain
# http on 127.0.0.1; a deployment turns it on (README.md, "Deployment").
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Load balancers probe the app servers over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# A site that insists on HTTPS never sends its cookies over http.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool(
    "DJANGO_SECURE_COOKIES", default=SECURE_SSL_REDIRECT
)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Only behind a proxy that terminates TLS and sets X-Forwarded-Proto itself,
# overwriting whatever a client sent; otherwise clients could claim HTTPS.
if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Everything from our own origin, nothing inline (see blogcms.csp).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Posts may show images from other sites (the sanitiser keeps http(s)
    # image addresses); browsers block plain-http ones on an https site.
    "img-src": "'self' data: https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Routes the benchmark's reference pages, the minimal view and a bare
# ListView (bench/serve_bench.py); never in production.
BENCH = env.bool("DJANGO_BENCH", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# The site and its admin are in British English only. Translation machinery
# off: Django then skips a language lookup for every value a template shows.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Tag identity ignores case (and curly apostrophes, see posts.tagging).
TAGGIT_CASE_INSENSITIVE = True
# Tag pages live at /tags/<slug>/: ASCII slugs make addresses anyone can type.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
TAGGIT_TAGS_FROM_STRING = "posts.tagging.parse_tag_string"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Editorial admin -----------------------------------------------------------
# Old post and tag URLs live on as rows of django.contrib.redirects, which
# needs the sites framework and one site.
SITE_ID = 1
# Whether the Editors group may delete posts (`manage.py setup_editors` applies
# it); otherwise editors unpublish, and only superusers delete.
EDITORS_CAN_DELETE_POSTS = env.bool("EDITORS_CAN_DELETE_POSTS", default=False)

# --- Public site ---------------------------------------------------------------
SITE_NAME = env.str("SITE_NAME", default="blogcms")
SITE_DESCRIPTION = env.str(
    "SITE_DESCRIPTION",
    default="Writing on children's social work, policy and practice in England.",
)
# The public host name, written into the sites framework's Site on every
# `migrate` (posts.sites): feeds and the sitemap build absolute links from it.
SITE_DOMAIN = env.str("SITE_DOMAIN", default="127.0.0.1:8000")
POSTS_PER_PAGE = env.int("POSTS_PER_PAGE", default=10)
# Feeds carry whole posts, so ten (as WordPress sends) keep a feed near 30 KB.
POSTS_PER_FEED = env.int("POSTS_PER_FEED", default=10)
