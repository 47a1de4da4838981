from rest_framework.routers import SimpleRouter

from changelog.api.views import ChangeViewSet

router = SimpleRouter()
router.register("changes", ChangeViewSet, basename="change")

urlpatterns = router.urls
