app_name = "online_apply"
urlpatterns = []
