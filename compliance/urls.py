from plans.sections.page import section_urls

from . import views

app_name = "compliance"

urlpatterns = section_urls(views.page, ("starters/", views.starters, "starters"))
