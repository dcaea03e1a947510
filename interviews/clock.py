"""The time an export says it was made ("Gemaakt op"): always Amsterdam time, whatever the server runs in.

Dutch reports read local time; a server (or a container) often runs in UTC, and settings.TIME_ZONE may be
changed for other reasons, so every export takes its stamp from here.
"""

from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam(moment=None):
    """`moment` (default: now) as an aware datetime in Europe/Amsterdam."""
    return (moment or timezone.now()).astimezone(AMSTERDAM)


def made_on(moment=None):
    """'05-12-2026 04:12': the day and minute in Amsterdam, as every export writes it after 'Gemaakt op'."""
    return f"{amsterdam(moment):%d-%m-%Y %H:%M}"
