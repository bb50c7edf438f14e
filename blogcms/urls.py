from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from blogcms import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("", include("posts.urls")),
]

if settings.BENCH:
    urlpatterns += [
        path("bench/minimal/", views.minimal),
        path("bench/bare-list/", views.BareListView.as_view()),
    ]
