"""The admin's routes, imported when a request first reaches /admin/ (metadata_discovery/urls.py).

Production settings install the admin without autodiscovery (SimpleAdminConfig), so the apps'
admin modules, the auth forms and the admin's URL patterns load here, not on every cold start.
Where the full AdminConfig already autodiscovered (local, test), this call changes nothing.
"""

from django.contrib import admin

admin.autodiscover()

urlpatterns = admin.site.get_urls()
