"""/api/v1/docs/: the OpenAPI description as a plain, accessible page inside the site's frame.

Rendered on the server from the same schema as /api/v1/schema/, so it cannot drift from it:
every path, its parameters with their allowed values, and its responses. No JavaScript, no
inline script or style (a strict Content-Security-Policy applies), the site's header and
footer. The description itself is English (as the API is); the page around it is Dutch.
"""

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from markdown_it import MarkdownIt

METHODS = ("get", "post", "put", "patch", "delete")
# The description's "## Quick start" sits under the page's h1 and the "Description" h2.
HEADING_OFFSET = 1


def _markdown(text: str) -> str:
    # "js-default": CommonMark without raw HTML, so the description cannot inject markup.
    renderer = MarkdownIt("js-default")
    html = renderer.render(text or "")
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + HEADING_OFFSET}>").replace(
            f"</h{level}>", f"</h{level + HEADING_OFFSET}>"
        )
    return html


def _type_of(schema: dict) -> str:
    """A parameter's type in words: "integer", "array of string", "date or date-time"."""
    if not schema:
        return ""
    if "anyOf" in schema or "oneOf" in schema:
        return " or ".join(_type_of(option) for option in schema.get("anyOf", schema.get("oneOf")))
    if schema.get("type") == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    if "pattern" in schema and "format" not in schema:
        return f"{schema.get('type', 'string')} matching {schema['pattern']}"
    return schema.get("format") or schema.get("type", "")


def _allowed(schema: dict) -> list:
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    return [str(value) for value in target.get("enum", [])]


def _anchor(method: str, path: str) -> str:
    cleaned = "".join(char if char.isalnum() else "-" for char in path.strip("/"))
    return f"{method}-{cleaned}".strip("-")


def operations(schema: dict) -> list[dict]:
    """The schema's operations in path order, shaped for the template."""
    result = []
    for path, entry in schema.get("paths", {}).items():
        for method in METHODS:
            operation = entry.get(method)
            if not operation:
                continue
            parameters = [
                {
                    "name": parameter["name"],
                    "location": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "type": _type_of(parameter.get("schema", {})),
                    "allowed": _allowed(parameter.get("schema", {})),
                    "description": _markdown(parameter.get("description", "")),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "description": response.get("description", ""),
                    "media_types": list(response.get("content", {})),
                }
                for status, response in operation.get("responses", {}).items()
            ]
            result.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": _anchor(method, path),
                    "summary": operation.get("summary", ""),
                    "description": _markdown(operation.get("description", "")),
                    "parameters": parameters,
                    "responses": responses,
                    "needs_token": method != "get",
                }
            )
    return result


class ApiReferenceView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        info = schema.get("info", {})
        return {
            **super().get_context_data(**kwargs),
            "info": info,
            "description": _markdown(info.get("description", "")),
            "operations": operations(schema),
        }
