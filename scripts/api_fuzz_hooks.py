"""schemathesis hooks for scripts/api-fuzz.sh.

POST /api/v1/verify/pdf takes the PDF file itself as its body (application/pdf), for
which schemathesis has no serializer: send the generated value as raw bytes, so the
verifier is fuzzed with arbitrary "files" too.
"""

import json

import schemathesis


@schemathesis.serializer("application/pdf")
def pdf_body(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return {"data": bytes(value)}
    if isinstance(value, str):
        return {"data": value.encode("utf-8")}
    return {"data": json.dumps(value).encode("utf-8")}
