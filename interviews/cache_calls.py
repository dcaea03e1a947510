"""Calls to Django's cache that a cache out of reach does not fail: what is kept there can always be made anew."""

import logging

from redis import RedisError

log = logging.getLogger(__name__)


def cached(call, *args):
    """cache.get or cache.set, or None when the cache cannot be reached. Django's Redis backend raises on a
    connection error (its memory backend never does); what callers keep (an interview page's drawing, word counts)
    is cheap enough to make anew, so a Redis that is down or restarting slows a page a little instead of failing
    it. An entry that cannot be read is no entry."""
    try:
        return call(*args)
    except (RedisError, OSError) as error:
        log.warning("Cache not reachable (%s); made anew.", error)
        return None
