"""What tests send through the test clients and read back: bodies, CSV files, admin forms."""

import csv
import io

from django.urls import reverse


def body(response) -> bytes:
    """The response's bytes, whether it was streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[dict]:
    """The rows of a CSV download, which starts with a UTF-8 byte-order mark for Excel."""
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def change_form_data(client, measure):
    """The measure's admin change form (with its inlines) as the browser would post it back
    unchanged: (url, data)."""
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    response = client.get(url)
    data = {}
    for form in [response.context["adminform"].form] + [
        f for fs in response.context["inline_admin_formsets"] for f in [fs.formset]
    ]:
        if hasattr(form, "management_form"):
            for name, value in form.management_form.initial.items():
                data[f"{form.prefix}-{name}"] = value
            for sub in form.forms:
                for name, field in sub.fields.items():
                    value = sub.initial.get(name, field.initial)
                    if value is not None:
                        data[f"{sub.prefix}-{name}"] = getattr(value, "pk", value)
            continue
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(value, list):
                data[name] = [getattr(v, "pk", v) for v in value]
            elif value is not None:
                data[name] = value
    return url, data
