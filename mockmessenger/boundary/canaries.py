"""Synthetic bank customers whose every value is a canary.

``CustomerFactory(seed).customer(locale)`` fills a :class:`Customer` with values a
real core-banking system would hold: Luhn-valid cards of several brands, IBANs
valid for the locale's country (mod-97 and national checksums), ABA routing
numbers, national ids that pass their national checksum, balances, transactions.
They are synthetic, so when one of them leaves the bank it is a certain leak: the
:class:`~mockmessenger.boundary.matcher.CanaryMatcher` looks for all of them at once.

Everything is drawn from one seeded ``random.Random`` per factory (and Faker
instances seeded from it), so a seed always gives the same customers in the same
order. A factory remembers what it handed out and draws again on a collision, so
no two customers share a distinctive value.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from decimal import Decimal

from faker import Faker
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.de import idnr as de_idnr
from stdnum.fr import nir as fr_nir
from stdnum.iso7064 import mod_11_10
from stdnum.us import rtn as us_rtn
from stdnum.us import ssn as us_ssn

from mockmessenger.boundary.customers import Account, Card, Customer, Transaction

LOCALES: tuple[str, ...] = ("en_US", "en_GB", "de_DE", "fr_FR", "ar_SA", "ar_EG", "ar_AE")

#: Faker has Arabic person names only in a few Arabic locales; borrow the closest one.
_NAME_LOCALE = {"ar_EG": "ar_AA", "ar_AE": "ar_SA"}

_COUNTRY = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "ar_SA": "SA",
    "ar_EG": "EG",
    "ar_AE": "AE",
}
_CURRENCY = {
    "US": "USD",
    "GB": "GBP",
    "DE": "EUR",
    "FR": "EUR",
    "SA": "SAR",
    "EG": "EGP",
    "AE": "AED",
}

#: (BIC, national bank code) of a few real banks per country: public, not canaries.
_BANKS: dict[str, tuple[tuple[str, str], ...]] = {
    "US": (("CHASUS33", ""), ("BOFAUS3N", ""), ("CITIUS33", "")),
    "GB": (("NWBKGB2L", "NWBK"), ("BARCGB22", "BARC"), ("HBUKGB4B", "HBUK")),
    "DE": (("DEUTDEFF", "50070010"), ("COBADEFF", "50040000"), ("BYLADEMM", "70020270")),
    "FR": (("BNPAFRPP", "30004"), ("SOGEFRPP", "30003"), ("CRLYFRPP", "30002")),
    "SA": (("RJHISARI", "80"), ("NCBKSAJE", "10"), ("SABBSARI", "45")),
    "EG": (("NBEGEGCX", "0003"), ("CIBEEGCX", "0010"), ("BMISEGCX", "0002")),
    "AE": (("EBILAEAD", "026"), ("NBADAEAA", "035"), ("ADCBAEAA", "030")),
}

_MERCHANTS: dict[str, tuple[str, ...]] = {
    "US": ("Whole Foods Market", "Shell Oil", "Amazon Marketplace", "Starbucks", "Delta Air Lines"),
    "GB": ("Tesco Stores", "Sainsbury's", "Transport for London", "Pret A Manger", "Boots"),
    "DE": ("REWE Markt", "Deutsche Bahn", "Lidl Filiale", "dm-drogerie markt", "Aral Tankstelle"),
    "FR": ("Carrefour Market", "SNCF Voyageurs", "Monoprix", "Fnac", "Boulangerie Paul"),
    "SA": ("بنده", "العثيم", "مكتبة جرير", "Careem", "هرفي"),
    "EG": ("كارفور", "سعودي ماركت", "Vodafone Cash", "Uber Egypt", "بي تك"),
    "AE": ("Lulu Hypermarket", "ENOC", "كارفور", "Talabat", "Emirates NBD ATM"),
}

_MEMOS: dict[str, tuple[str, ...]] = {
    "en": ("Rent for {month}", "Transfer to {name}", "Card payment", "Salary {month}", "Refund"),
    "de": (
        "Miete {month}",
        "Überweisung an {name}",
        "Kartenzahlung",
        "Gehalt {month}",
        "Erstattung",
    ),
    "fr": (
        "Loyer {month}",
        "Virement à {name}",
        "Paiement carte",
        "Salaire {month}",
        "Remboursement",
    ),
    "ar": ("إيجار {month}", "تحويل إلى {name}", "دفع بالبطاقة", "راتب {month}", "استرداد"),
}

#: (brand, IIN prefixes, length). Mastercard's 2-series and 19-digit cards on purpose.
_CARD_BRANDS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("visa", ("4",), 16),
    ("mastercard", ("51", "52", "53", "54", "55"), 16),
    ("mastercard", tuple(str(n) for n in range(2221, 2721, 37)), 16),
    ("amex", ("34", "37"), 15),
    ("visa", ("4",), 19),
    ("unionpay", ("62",), 19),
    ("mada", ("588845", "440647", "968208"), 16),
)

#: Mobile number formats where Faker's locale has none of its own.
_PHONE_FORMATS = {"SA": "+966 5{} {} {}", "EG": "+20 1{} {} {}", "AE": "+971 5{} {} {}"}

_MIN_NAME_LETTERS = 9
_REFERENCE_YEAR = 2026  # fixed: the same seed must give the same customers any day


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    """A Luhn-valid number of ``length`` digits starting with ``prefix``."""
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def iban_from_bban(country: str, bban: str) -> str:
    """Prefix a BBAN with its country code and mod-97 check digits."""
    return country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban


def fr_rib_key(bank: str, branch: str, account: str) -> str:
    """The French RIB key: 97 - (89*bank + 15*branch + 3*account) mod 97 (digit accounts)."""
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def eg_national_id_check(first13: str) -> str:
    """Check digit of an Egyptian national id (weights 2,7,6,5,4,3,2,7,6,5,4,3,2; mod 11)."""
    weights = (2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(first13, weights, strict=True))
    return str((11 - total % 11) % 10)


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BAD_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def is_valid_nino(value: str) -> bool:
    """UK National Insurance number structure (HMRC rules; no checksum exists)."""
    return (
        len(value) == 9
        and value[0] in _NINO_FIRST
        and value[1] in _NINO_SECOND
        and value[:2] not in _NINO_BAD_PREFIXES
        and value[2:8].isdigit()
        and value[8] in "ABCD"
    )


def is_valid_sa_national_id(value: str) -> bool:
    """Saudi national id / iqama: 10 digits, 1 (citizen) or 2 (resident), Luhn."""
    return len(value) == 10 and value.isdigit() and value[0] in "12" and luhn.is_valid(value)


def is_valid_ae_emirates_id(value: str) -> bool:
    """Emirates ID: 15 digits, 784, year of birth, Luhn."""
    return len(value) == 15 and value.isdigit() and value.startswith("784") and luhn.is_valid(value)


def is_valid_eg_national_id(value: str) -> bool:
    """Egyptian national id: century, birth date, governorate, serial, check digit."""
    if len(value) != 14 or not value.isdigit() or value[0] not in "23":
        return False
    month, day = int(value[3:5]), int(value[5:7])
    return 1 <= month <= 12 and 1 <= day <= 28 and eg_national_id_check(value[:13]) == value[13]


class CustomerFactory:
    """Deterministic synthetic customers; one factory never repeats a distinctive value."""

    def __init__(self, seed: int = 0, *, cards: int = 2, accounts: int = 2, transactions: int = 5):
        self.seed = seed
        self._rng = random.Random(f"mockmessenger-canaries:{seed}")
        self._fakers: dict[str, Faker] = {}
        self._used: set[str] = set()
        self._count = 0
        self._cards = cards
        self._accounts = accounts
        self._transactions = transactions

    # -- public -----------------------------------------------------------------
    def customer(self, locale: str = "en_US") -> Customer:
        """One new customer of ``locale`` (one of :data:`LOCALES`)."""
        if locale not in _COUNTRY:
            raise ValueError(f"unsupported locale {locale!r}; use one of {', '.join(LOCALES)}")
        self._count += 1
        country = _COUNTRY[locale]
        first, last = self._name(locale)
        fake = self._faker(locale)
        national_id, kind = self._national_id(country)
        customer = Customer(
            id=f"cus_{self.seed}_{locale.lower()}_{self._count:06d}",
            locale=locale,
            first_name=first,
            last_name=last,
            email=self._unique(lambda: f"{fake.user_name()}{self._digits(4)}@example.com"),
            phone=self._phone(country, fake),
            address=fake.address().replace("\n", ", "),
            birthdate=fake.date_of_birth(minimum_age=18, maximum_age=80).isoformat(),
            national_id=national_id,
            national_id_kind=kind,
            username=self._unique(lambda: f"{fake.user_name()}_{self._digits(3)}"),
            password=self._unique(self._password),
            pin=self._digits(4),
        )
        holder = f"{first} {last}"
        customer.cards = [self._card(holder) for _ in range(self._cards)]
        kinds = ("current", "savings", "deposit")
        customer.accounts = [
            self._account(country, locale, kinds[i % len(kinds)]) for i in range(self._accounts)
        ]
        return customer

    def customers(self, n: int, locales: Sequence[str] = LOCALES) -> list[Customer]:
        """``n`` customers, cycling through ``locales``."""
        return [self.customer(locales[i % len(locales)]) for i in range(n)]

    # -- helpers ----------------------------------------------------------------
    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            fake = Faker(locale)
            fake.seed_instance(self._rng.randrange(2**32))
            self._fakers[locale] = fake
        return self._fakers[locale]

    def _unique(self, make) -> str:
        for _ in range(1000):
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value
        raise RuntimeError("could not draw a unique canary value")  # pragma: no cover

    def _digits(self, n: int) -> str:
        return "".join(self._rng.choice(string.digits) for _ in range(n))

    def _phone(self, country: str, fake: Faker) -> str:
        if country in _PHONE_FORMATS:
            return self._unique(
                lambda: _PHONE_FORMATS[country].format(
                    self._digits(1), self._digits(3), self._digits(4)
                )
            )
        return self._unique(fake.phone_number)

    def _password(self) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(self._rng.choice(alphabet) for _ in range(10)) + self._rng.choice("!#%&*?@")

    def _name(self, locale: str) -> tuple[str, str]:
        """A full name no other customer has, long enough to be a canary (>= 9 letters)."""
        fake = self._faker(_NAME_LOCALE.get(locale, locale))

        def usable(first: str, last: str) -> bool:
            name = f"{first} {last}"
            return name not in self._used and len(name.replace(" ", "")) >= _MIN_NAME_LETTERS

        for _ in range(50):
            first, last = fake.first_name(), fake.last_name()
            if usable(first, last):
                break
        else:
            # Small name pools: a compound first name keeps full names apart.
            while not usable(first, last):
                first = f"{fake.first_name()} {fake.first_name()}"
        self._used.add(f"{first} {last}")
        return first, last

    def _card(self, holder: str) -> Card:
        brand, prefixes, length = self._rng.choice(_CARD_BRANDS)
        number = self._unique(lambda: luhn_complete(self._rng.choice(prefixes), length, self._rng))
        cvv = self._digits(4 if brand == "amex" else 3)
        expiry = f"{self._rng.randint(1, 12):02d}/{(_REFERENCE_YEAR + self._rng.randint(1, 5)) % 100:02d}"
        return Card(number=number, cvv=cvv, expiry=expiry, brand=brand, holder=holder)

    def _account(self, country: str, locale: str, kind: str) -> Account:
        bic, bank_code = self._rng.choice(_BANKS[country])
        number, iban, routing = self._unique_account(country, bank_code)
        balance = self._amount(1_000, 250_000)
        account = Account(
            number=number,
            iban=iban,
            routing=routing,
            bic=bic,
            currency=_CURRENCY[country],
            balance=balance,
            kind=kind,
        )
        account.transactions = [
            self._transaction(country, locale, i) for i in range(self._transactions)
        ]
        return account

    def _unique_account(self, country: str, bank_code: str) -> tuple[str, str, str]:
        for _ in range(1000):
            number, iban, routing = self._account_numbers(country, bank_code)
            if number not in self._used and (not iban or iban not in self._used):
                self._used.update({number, iban} - {""})
                if iban:
                    stdnum_iban.validate(iban)
                return number, iban, routing
        raise RuntimeError("could not draw a unique account")  # pragma: no cover

    def _account_numbers(self, country: str, bank_code: str) -> tuple[str, str, str]:
        """(domestic account number, IBAN or "", routing / national bank code)."""
        digits = self._digits
        if country == "US":
            routing = self._unique(lambda: (p := digits(8)) + us_rtn.calc_check_digit(p))
            return digits(1).replace("0", "7") + digits(10), "", routing
        if country == "GB":
            sort_code = self._rng.choice(("60", "20", "40")) + digits(4)
            number = digits(8)
            return number, iban_from_bban("GB", bank_code + sort_code + number), sort_code
        if country == "DE":
            number = digits(1).replace("0", "3") + digits(9)
            return number, iban_from_bban("DE", bank_code + number), bank_code
        if country == "FR":
            branch, number = digits(5), digits(11)
            key = fr_rib_key(bank_code, branch, number)
            return number, iban_from_bban("FR", bank_code + branch + number + key), branch
        if country == "SA":
            number = "000000" + digits(12)
            return number[-12:], iban_from_bban("SA", bank_code + number), bank_code
        if country == "EG":
            branch, number = digits(4), "0000" + digits(13)
            return number[-13:], iban_from_bban("EG", bank_code + branch + number), branch
        if country == "AE":
            number = digits(16)
            return number, iban_from_bban("AE", bank_code + number), bank_code
        raise ValueError(country)  # pragma: no cover - guarded by customer()

    def _amount(self, low: int, high: int) -> Decimal:
        """A money amount with non-round cents, unique in this factory."""

        def draw() -> str:
            cents = self._rng.randint(1, 99)
            if cents % 10 == 0:
                cents += 3
            return f"{self._rng.randint(low, high)}.{cents:02d}"

        return Decimal(self._unique(draw))

    def _transaction(self, country: str, locale: str, i: int) -> Transaction:
        rng = self._rng
        month = rng.randint(1, 12)
        date = f"{_REFERENCE_YEAR}-{month:02d}-{rng.randint(1, 28):02d}"
        merchant = self._unique(
            lambda: f"{rng.choice(_MERCHANTS[country])} #{rng.randint(1000, 99999)}"
        )
        language = locale.split("_")[0]
        template = rng.choice(_MEMOS[language])
        name = self._faker(_NAME_LOCALE.get(locale, locale)).first_name()
        memo = self._unique(
            lambda: (
                template.format(month=f"{month:02d}/{_REFERENCE_YEAR}", name=name)
                + f" REF{rng.randint(10**7, 10**8 - 1)}"
            )
        )
        amount = self._amount(100, 9_999)
        return Transaction(
            date=date,
            amount=-amount if i % 4 else amount,
            currency=_CURRENCY[country],
            merchant=merchant,
            memo=memo,
        )

    def _national_id(self, country: str) -> tuple[str, str]:
        return self._unique_pair(lambda: self._draw_national_id(country))

    def _unique_pair(self, make) -> tuple[str, str]:
        while True:
            value, kind = make()
            if value not in self._used:
                self._used.add(value)
                return value, kind

    def _draw_national_id(self, country: str) -> tuple[str, str]:
        rng, digits = self._rng, self._digits
        while True:
            if country == "US":
                value = f"{rng.choice([n for n in range(1, 900) if n != 666]):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
                if us_ssn.is_valid(value):
                    return value, "us_ssn"
            elif country == "GB":
                value = (
                    rng.choice(_NINO_FIRST)
                    + rng.choice(_NINO_SECOND)
                    + digits(6)
                    + rng.choice("ABCD")
                )
                if is_valid_nino(value):
                    return value, "gb_nino"
            elif country == "DE":
                value = de_idnr_candidate(rng)
                if de_idnr.is_valid(value):
                    return value, "de_idnr"
            elif country == "FR":
                body = (
                    f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}"
                    f"{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
                )
                value = body + f"{97 - int(body) % 97:02d}"
                if fr_nir.is_valid(value):
                    return value, "fr_nir"
            elif country == "SA":
                body = rng.choice("12") + digits(8)
                value = body + luhn.calc_check_digit(body)
                if is_valid_sa_national_id(value):
                    return value, "sa_nid"
            elif country == "EG":
                governorate = rng.choice(("01", "02", "03", "04", "12", "13", "21", "88"))
                body = (
                    f"{rng.choice('23')}{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}"
                    f"{rng.randint(1, 28):02d}{governorate}{digits(4)}"
                )
                value = body + eg_national_id_check(body)
                if is_valid_eg_national_id(value):
                    return value, "eg_nid"
            elif country == "AE":
                body = f"784{rng.randint(1950, 2006)}{digits(7)}"
                value = body + luhn.calc_check_digit(body)
                if is_valid_ae_emirates_id(value):
                    return value, "ae_eid"
            else:  # pragma: no cover - guarded by customer()
                raise ValueError(country)


def de_idnr_candidate(rng: random.Random) -> str:
    """A German tax id candidate: 10 digits (one repeated) and its ISO 7064 check digit."""
    digits = rng.sample(string.digits[1:], 9)
    digits.insert(rng.randrange(1, 10), digits[rng.randrange(9)])
    body = "".join(digits)
    return body + mod_11_10.calc_check_digit(body)


from mockmessenger.boundary.matcher import CanaryHit, CanaryMatcher  # noqa: E402

__all__ = ["LOCALES", "CanaryHit", "CanaryMatcher", "CustomerFactory"]
