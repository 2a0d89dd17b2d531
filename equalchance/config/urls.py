from django.contrib import admin
from django.urls import include, path

from equalchance.frontend import views as frontend_views

urlpatterns = [
    path("", frontend_views.home, name="home"),
    path("start/", frontend_views.start, name="start"),
    path("robots.txt", frontend_views.robots_txt, name="robots"),
    path("sitemap.xml", frontend_views.sitemap, name="sitemap"),
    path("accessibility/", frontend_views.accessibility, name="accessibility"),
    path("accounts/", include("equalchance.accounts.urls")),
    path("accounts/", include("equalchance.accounts.allauth_urls")),
    path("places/", include("equalchance.places.urls")),
    path("indicators/", include("equalchance.indicators.urls")),
    path("scorecards/", include("equalchance.scorecards.urls")),
    path("plans/", include("equalchance.plans.urls")),
    path("performance/", include("equalchance.performance.urls")),
    path("feedback/", include("equalchance.performance.feedback_urls")),
    path("directory/browse/", include("equalchance.directory.browse_urls")),
    path("directory/", include("equalchance.directory.urls")),
    path("api/oruk/", include("equalchance.directory.api_urls")),
    path("api/", include("equalchance.config.api_urls")),
    path("audit/", include("equalchance.audit.urls")),
    path("background/", include("equalchance.background.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "equalchance.frontend.views.refused"
handler404 = "equalchance.frontend.views.not_found"
handler500 = "equalchance.frontend.views.server_error"
