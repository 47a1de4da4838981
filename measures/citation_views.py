from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from measures.citation import FORMATS, measure_citation
from measures.selectors import measure_detail_public


@require_safe
def citation_download(request, slug, extension):
    measure = get_object_or_404(measure_detail_public(), slug=slug)
    render, media_type = FORMATS[extension]
    response = HttpResponse(render(measure_citation(measure, request)), content_type=media_type)
    filename = f"maatregel-{measure.code}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
