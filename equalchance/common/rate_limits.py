"""Rate limits for forms anyone can send: posts are counted per client address in the cache (a
database table shared by every process; see settings.CACHES)."""

from django.core.cache import cache

PUBLIC_FORM_LIMIT = 5  # posts per hour from one address


def too_many(request, form_name: str) -> bool:
    """Count this post; True once the address has gone over the limit for this form in the hour."""
    key = f"rate:{form_name}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > PUBLIC_FORM_LIMIT
