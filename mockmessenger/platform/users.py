"""Made-up people: names, locale and timezone from Faker, reproducible from a seed."""

from __future__ import annotations

import threading

from faker import Faker

from mockmessenger.platform.ids import IdFactory
from mockmessenger.platform.models import User

#: Offset from GMT (hours) of a typical person of each locale, as the Profile API gives it.
LOCALE_TIMEZONES: dict[str, float] = {
    "ar_SA": 3,
    "ar_AE": 4,
    "ar_EG": 2,
    "ar_JO": 3,
    "ar_PS": 2,
    "ar_AA": 3,
    "en_US": -5,
    "en_GB": 0,
    "en_IN": 5.5,
    "fr_FR": 1,
    "de_DE": 1,
    "es_ES": 1,
    "tr_TR": 3,
}

_FAKER_LOCALES = {"ar_AE": "ar_AA", "ar_EG": "ar_EG", "ar_JO": "ar_JO", "ar_PS": "ar_PS"}


#: One Faker per locale for the whole process: building one costs milliseconds (its
#: providers are loaded and introspected), and every platform of a test run asks for
#: the same few locales. Each user is drawn right after ``seed_instance`` under
#: ``_FAKERS_LOCK``, so sharing them keeps every platform reproducible.
_FAKERS: dict[str, Faker] = {}
_FAKERS_LOCK = threading.Lock()


def _faker(locale: str) -> Faker:
    """The process's Faker for ``locale`` (en_US for a locale Faker does not know)."""
    faker = _FAKERS.get(locale)
    if faker is None:
        try:
            faker = Faker(_FAKER_LOCALES.get(locale, locale))
        except AttributeError:
            faker = Faker("en_US")
        _FAKERS[locale] = faker
    return faker


class UserFactory:
    """Creates users; the n-th user of a seed is always the same person."""

    def __init__(self, seed: int, ids: IdFactory) -> None:
        self._seed = seed
        self._ids = ids
        self._count = 0

    def create(
        self,
        locale: str = "en_US",
        first_name: str | None = None,
        last_name: str | None = None,
        psid: str | None = None,
        gender: str | None = None,
    ) -> User:
        with _FAKERS_LOCK:
            self._count += 1
            faker = _faker(locale)
            faker.seed_instance(self._seed * 100_003 + self._count)
            gender = gender or faker.random_element(("male", "female"))
            if first_name is None:
                first_name = (
                    faker.first_name_male() if gender == "male" else faker.first_name_female()
                )
            if last_name is None:
                last_name = faker.last_name()
        psid = psid or self._ids.psid()
        pic = (
            "https://platform-lookaside.fbsbx.com/platform/profilepic/"
            f"?psid={psid}&width=1024&ext=1700000000&hash={self._ids.token(20)}"
        )
        return User(
            psid=psid,
            first_name=first_name,
            last_name=last_name,
            locale=locale,
            timezone=LOCALE_TIMEZONES.get(locale, 0),
            gender=gender,
            profile_pic=pic,
        )
