from rest_framework.routers import SimpleRouter

from measures.api.pillars import PillarViewSet
from measures.api.views import MeasureViewSet, MinistryViewSet, SourceViewSet

router = SimpleRouter()
router.register("pillars", PillarViewSet, basename="pillar")
router.register("measures", MeasureViewSet, basename="measure")
router.register("ministries", MinistryViewSet, basename="ministry")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = router.urls
