import uuid

from workflow import context


class RequestContextMiddleware:
    """Bind the client address and a request id so audit events can say where an action came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = context.bind(context.RequestContext(client_address=client_address(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response.setdefault("X-Request-ID", request_id)
        return response


def client_address(request) -> str:
    # Behind the reverse proxy of production the proxy's address is REMOTE_ADDR; the proxy is
    # configured to overwrite (not append to) X-Real-IP, so that header can be trusted there.
    return request.headers.get("X-Real-IP") or request.META.get("REMOTE_ADDR", "")
