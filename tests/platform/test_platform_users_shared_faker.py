"""Users come from Fakers shared by every platform of the process, and stay reproducible."""

from __future__ import annotations

from mockmessenger.platform import Platform, PlatformConfig


def test_interleaved_platforms_make_the_same_people_as_platforms_alone():
    alone = Platform(PlatformConfig(seed=11))
    expected = [alone.create_user(locale) for locale in ("ar_SA", "en_US", "ar_SA")]
    first, second = Platform(PlatformConfig(seed=11)), Platform(PlatformConfig(seed=12))
    made = []
    for locale in ("ar_SA", "en_US", "ar_SA"):
        second.create_user(locale)  # draws from the same Faker in between
        made.append(first.create_user(locale))
    assert [(u.first_name, u.last_name, u.gender) for u in made] == [
        (u.first_name, u.last_name, u.gender) for u in expected
    ]


def test_seeds_still_differ_with_shared_fakers():
    a = [Platform(PlatformConfig(seed=21)).create_user("en_US") for _ in range(2)]
    b = Platform(PlatformConfig(seed=22)).create_user("en_US")
    assert a[0].name == a[1].name
    assert (b.first_name, b.last_name, b.psid) != (a[0].first_name, a[0].last_name, a[0].psid)
