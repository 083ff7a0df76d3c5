app_name = "risks"

urlpatterns = []
