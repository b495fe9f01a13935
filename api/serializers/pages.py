"""The envelopes of paginated lists, for the schema: page-numbered lists and the audit log's cursor."""

from functools import cache

from rest_framework import serializers


@cache
def paged(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """`{count, next, previous, results}` of `item` (PageNumberPagination)."""
    return type(f"Paginated{item.__name__.removesuffix('Serializer')}List", (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
    })


@cache
def cursor_paged(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """`{next, previous, results}` of `item` (CursorPagination: no count, pages by opaque cursor)."""
    return type(f"Cursor{item.__name__.removesuffix('Serializer')}List", (serializers.Serializer,), {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
    })
