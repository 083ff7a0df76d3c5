from plans.sections.page import section_urls

from . import views

app_name = "risks"

urlpatterns = section_urls(views.page)
