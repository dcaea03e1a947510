"""The drawn-page cache on a real Redis (REDIS_URL's backend): shared, and a Redis that is down costs a drawing,
never an error or a stale page."""

import pytest
from django.urls import reverse
from redis_server import RedisServer

from interviews.models import Passage


@pytest.fixture
def redis_cache(settings):
    server = RedisServer().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield server
    server.remove()


def test_the_second_open_comes_from_redis_and_a_stopped_redis_draws_anew(
    client, as_user, project, interview, themes, coder, passage, redis_cache
):
    as_user(coder)
    url = reverse("interviews:interview_detail", args=[project.slug, interview.pk])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    redis_cache.stop()
    words = "De coördinatie"
    start = interview.text.index(words)
    fresh = Passage.select(interview, coder, start, start + len(words))
    fresh.save()
    fresh.code([themes["financiering"]])
    response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert f'id="p{fresh.pk}"' in response.content.decode()  # not the drawing from before the change
    redis_cache.start()  # back again: stored and served from it once more
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
