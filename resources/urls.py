from plans.sections.page import section_urls

from . import views

app_name = "resources"

urlpatterns = section_urls(views.page, ("allocation/", views.allocation, "allocation"))
