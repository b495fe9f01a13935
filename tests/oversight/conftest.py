def body(response) -> str:
    """A page's text, or a streamed file's (without the byte-order mark the CSV export starts with)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()
