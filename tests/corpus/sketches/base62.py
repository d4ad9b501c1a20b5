"""base62 encode/decode as engineers write them: the correct ones must get full marks in the grading
scope, each wrong one must lose the report line it names.

Sources of the idioms: Xu, *System Design Interview* ch. 8 (a counter written in base 62 with
``0-9a-zA-Z``), the System Design Primer's Pastebin ``base_encode`` pseudocode (made valid Python),
Grokking's TinyURL chapter (letters first), GMP's digit order (``0-9A-Za-z``), and the usual blog
and Stack Overflow shapes: divmod loops, recursion, ``reduce``, dict lookups, regex validation.
"""

from __future__ import annotations

import functools
import math
import re
import string
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from . import registry

CORRECT, WRONG, correct, wrong = registry(pairs=True)

DIGITS_LOWER_UPPER = string.digits + string.ascii_lowercase + string.ascii_uppercase
DIGITS_UPPER_LOWER = string.digits + string.ascii_uppercase + string.ascii_lowercase
LETTERS_FIRST = string.ascii_letters + string.digits


# -- correct ---------------------------------------------------------------------------------------


@correct("divmod loop, list of digits reversed, str.index (the course's own shape)")
def divmod_index():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        out = []
        while n:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("Xu ch. 8: 0-9a-zA-Z, prepend each remainder, dict lookup")
def xu_prepend_dict():
    chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    index = {c: i for i, c in enumerate(chars)}

    def encode(num):
        if num < 0:
            raise ValueError("num must be >= 0")
        if num == 0:
            return chars[0]
        s = ""
        while num > 0:
            s = chars[num % 62] + s
            num //= 62
        return s

    def decode(s):
        if s == "":
            raise ValueError("empty string")
        num = 0
        for c in s:
            if c not in index:
                raise ValueError(f"invalid character {c!r}")
            num = num * 62 + index[c]
        return num

    return encode, decode


@correct("recursive encode, functools.reduce decode")
def recursive_reduce():
    a = DIGITS_LOWER_UPPER
    pos = {c: i for i, c in enumerate(a)}

    def encode(n: int) -> str:
        if n < 0:
            raise ValueError(n)
        q, r = divmod(n, 62)
        return (encode(q) if q else "") + a[r]

    def decode(code: str) -> int:
        if not code or any(c not in pos for c in code):
            raise ValueError(f"bad code {code!r}")
        return functools.reduce(lambda acc, c: acc * 62 + pos[c], code, 0)

    return encode, decode


@correct("GMP's digit order 0-9A-Za-z, string slicing [::-1]")
def gmp_order():
    alphabet = DIGITS_UPPER_LOWER

    def encode(n):
        if n < 0:
            raise ValueError("cannot encode a negative number")
        digits = ""
        while True:
            n, r = divmod(n, 62)
            digits += alphabet[r]
            if n == 0:
                break
        return digits[::-1]

    def decode(code):
        if not code:
            raise ValueError("empty code")
        value = 0
        for ch in code:
            i = alphabet.find(ch)
            if i == -1:
                raise ValueError(f"{ch!r} is not a base62 digit")
            value = value * 62 + i
        return value

    return encode, decode


@correct("Grokking's TinyURL: letters first (a-zA-Z0-9), sum of powers to decode")
def letters_first_powers():
    alphabet = LETTERS_FIRST
    lookup = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("id must be non-negative")
        if n == 0:
            return alphabet[0]
        out = []
        while n > 0:
            out.append(alphabet[n % 62])
            n //= 62
        out.reverse()
        return "".join(out)

    def decode(code):
        if len(code) == 0:
            raise ValueError("empty")
        try:
            return sum(lookup[c] * 62**i for i, c in enumerate(reversed(code)))
        except KeyError as missing:
            raise ValueError(f"not base62: {missing}") from None

    return encode, decode


@correct("the Primer's base_encode made valid Python: generic base, zero case added")
def primer_fixed():
    def base_encode(num, base=62, alphabet=DIGITS_LOWER_UPPER):
        if num < 0:
            raise ValueError("negative")
        if num == 0:
            return alphabet[0]
        digits = []
        while num > 0:
            remainder = num % base
            digits.append(alphabet[remainder])
            num = num // base
        return "".join(digits[::-1])

    def base_decode(string_, base=62, alphabet=DIGITS_LOWER_UPPER):
        if not string_:
            raise ValueError("empty")
        num = 0
        for char in string_:
            num = num * base + alphabet.index(char)
        return num

    return functools.partial(base_encode, base=62), functools.partial(base_decode, base=62)


@correct("a Base62 class of static methods and class constants")
def static_class():
    class Base62:
        ALPHABET = DIGITS_LOWER_UPPER
        BASE = len(ALPHABET)
        INDEX = {c: i for i, c in enumerate(ALPHABET)}

        @staticmethod
        def encode(n: int) -> str:
            if n < 0:
                raise ValueError("negative")
            if n == 0:
                return Base62.ALPHABET[0]
            out = []
            while n:
                n, r = divmod(n, Base62.BASE)
                out.append(Base62.ALPHABET[r])
            return "".join(reversed(out))

        @staticmethod
        def decode(s: str) -> int:
            if not s:
                raise ValueError("empty")
            n = 0
            for c in s:
                try:
                    n = n * Base62.BASE + Base62.INDEX[c]
                except KeyError:
                    raise ValueError(c) from None
            return n

    return Base62.encode, Base62.decode


@correct("a dataclass codec with its alphabet as a field, bound methods")
def dataclass_codec():
    @dataclass(frozen=True)
    class Codec:
        alphabet: str = DIGITS_LOWER_UPPER
        index: dict = field(init=False, repr=False, hash=False, compare=False)

        def __post_init__(self):
            object.__setattr__(self, "index", {c: i for i, c in enumerate(self.alphabet)})

        @property
        def base(self):
            return len(self.alphabet)

        def encode(self, n):
            if n < 0:
                raise ValueError(n)
            chars = deque()
            while True:
                n, r = divmod(n, self.base)
                chars.appendleft(self.alphabet[r])
                if not n:
                    return "".join(chars)

        def decode(self, code):
            if not code:
                raise ValueError("empty")
            total = 0
            for c in code:
                if c not in self.index:
                    raise ValueError(c)
                total = total * self.base + self.index[c]
            return total

    codec = Codec()
    return codec.encode, codec.decode


@correct("a fixed shuffled alphabet (Hashids-style obfuscation), divmod")
def shuffled_alphabet():
    alphabet = "cKaVPRug0job8tZSlEmMivsHLXGCh1DxWOe7ANIzJfTqr52dwUBn6yQ43Fp9Yk"
    assert len(set(alphabet)) == 62
    index = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        code = alphabet[n % 62]
        n //= 62
        while n:
            code = alphabet[n % 62] + code
            n //= 62
        return code

    def decode(code):
        if not code or not all(c in index for c in code):
            raise ValueError(code)
        n = 0
        for c in code:
            n = n * 62 + index[c]
        return n

    return encode, decode


@correct("ord() arithmetic and ASCII range comparisons, no lookup table")
def ord_ranges():
    def digit_char(d):
        if d < 10:
            return chr(ord("0") + d)
        if d < 36:
            return chr(ord("a") + d - 10)
        return chr(ord("A") + d - 36)

    def digit_value(c):
        if "0" <= c <= "9":
            return ord(c) - ord("0")
        if "a" <= c <= "z":
            return ord(c) - ord("a") + 10
        if "A" <= c <= "Z":
            return ord(c) - ord("A") + 36
        raise ValueError(f"invalid base62 character: {c!r}")

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = digit_char(n % 62)
        n //= 62
        while n:
            s = digit_char(n % 62) + s
            n //= 62
        return s

    def decode(s):
        if not s:
            raise ValueError("empty")
        v = 0
        for c in s:
            v = v * 62 + digit_value(c)
        return v

    return encode, decode


@correct("regex fullmatch with an explicit ASCII class, then str.index")
def regex_fullmatch():
    alphabet = DIGITS_LOWER_UPPER
    valid = re.compile(r"[0-9a-zA-Z]+")

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return "0"
        parts = []
        while n:
            parts.append(alphabet[n % 62])
            n //= 62
        return "".join(parts[::-1])

    def decode(code):
        if not valid.fullmatch(code):
            raise ValueError(f"not a base62 code: {code!r}")
        value = 0
        for c in code:
            value = 62 * value + alphabet.index(c)
        return value

    return encode, decode


@correct("set-subset validation, powers from the right with a running place value")
def subset_place_value():
    alphabet = DIGITS_LOWER_UPPER
    allowed = set(alphabet)

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        res = ""
        while n:
            n, d = divmod(n, 62)
            res = alphabet[d] + res
        return res

    def decode(code):
        if not code or not set(code) <= allowed:
            raise ValueError("invalid code")
        value, place = 0, 1
        for c in reversed(code):
            value += alphabet.index(c) * place
            place *= 62
        return value

    return encode, decode


@correct("isascii() and isalnum() together as the guard, then a dict")
def isascii_isalnum():
    alphabet = DIGITS_LOWER_UPPER
    table = dict(zip(alphabet, range(62), strict=True))

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if n == 0:
                break
        return "".join(reversed(out))

    def decode(code):
        if not (code.isascii() and code.isalnum()):
            raise ValueError(f"invalid code {code!r}")
        n = 0
        for c in code:
            n = n * 62 + table[c]
        return n

    return encode, decode


@correct("bytes alphabet: ASCII-encode the code first (UnicodeEncodeError is a ValueError)")
def bytes_alphabet():
    alphabet = DIGITS_LOWER_UPPER.encode("ascii")

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        buf = bytearray()
        while True:
            n, r = divmod(n, 62)
            buf.append(alphabet[r])
            if not n:
                break
        buf.reverse()
        return buf.decode("ascii")

    def decode(code):
        raw = code.encode("ascii")  # raises UnicodeEncodeError (a ValueError) for non-ASCII
        if not raw:
            raise ValueError("empty")
        n = 0
        for b in raw:
            n = n * 62 + alphabet.index(b)
        return n

    return encode, decode


@correct("largest power of 62 first, then digits downwards")
def powers_descending():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        power = 1
        while power * 62 <= n:
            power *= 62
        out = []
        while power:
            d, n = divmod(n, power)
            out.append(alphabet[d])
            power //= 62
        return "".join(out)

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("recursive decode on code[:-1], recursive encode with a base case below 62")
def recursive_both():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n < 62:
            return alphabet[n]
        return encode(n // 62) + alphabet[n % 62]

    def value(c):
        i = alphabet.find(c)
        if i < 0:
            raise ValueError(c)
        return i

    def decode(code):
        if not code:
            raise ValueError("empty code")
        if len(code) == 1:
            return value(code)
        return decode(code[:-1]) * 62 + value(code[-1])

    return encode, decode


@correct("chunks of five digits at a time (62**5 per divmod), zero-padded inside")
def chunked():
    alphabet = DIGITS_LOWER_UPPER
    chunk = 62**5

    def five(n):
        out = []
        for _ in range(5):
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        return "".join(reversed(out))

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        parts = []
        while n >= chunk:
            n, r = divmod(n, chunk)
            parts.append(five(r))
        head = ""
        while n:
            n, r = divmod(n, 62)
            head = alphabet[r] + head
        return (head or ("" if parts else alphabet[0])) + "".join(reversed(parts))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("operator.index for the type check, TypeError for non-integers, generator of digits")
def generator_digits():
    import operator

    alphabet = DIGITS_LOWER_UPPER
    index = {c: i for i, c in enumerate(alphabet)}

    def digits(n):
        while True:
            n, r = divmod(n, 62)
            yield alphabet[r]
            if not n:
                return

    def encode(n):
        n = operator.index(n)
        if n < 0:
            raise ValueError("negative")
        return "".join(reversed(list(digits(n))))

    def decode(code):
        if not isinstance(code, str) or not code:
            raise ValueError("code must be a non-empty str")
        try:
            values = [index[c] for c in code]
        except KeyError as e:
            raise ValueError(f"bad character {e.args[0]!r}") from None
        n = 0
        for v in values:
            n = n * 62 + v
        return n

    return encode, decode


@correct("lru_cache on both, ascii_letters + digits alphabet order")
def cached():
    alphabet = string.ascii_letters + string.digits

    @functools.lru_cache(maxsize=1024)
    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = []
        while n >= 62:
            n, r = divmod(n, 62)
            s.append(alphabet[r])
        s.append(alphabet[n])
        return "".join(reversed(s))

    @functools.lru_cache(maxsize=1024)
    def decode(code):
        if code == "":
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("digits + ascii_letters (lowercase before uppercase), enumerate with a dict.get check")
def dict_get():
    alphabet = string.digits + string.ascii_letters
    rank = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        out = ""
        while n:
            out = alphabet[n % 62] + out
            n = n // 62
        return out

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            d = rank.get(c)
            if d is None:
                raise ValueError(f"unexpected {c!r}")
            n = n * 62 + d
        return n

    return encode, decode


@correct("a width computed first, then a preallocated list filled from the right")
def preallocated():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        width, m = 1, n
        while m >= 62:
            m //= 62
            width += 1
        out = [""] * width
        for i in range(width - 1, -1, -1):
            n, r = divmod(n, 62)
            out[i] = alphabet[r]
        return "".join(out)

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("a generic BaseN class instantiated with 62 characters")
def base_n_class():
    class BaseN:
        def __init__(self, alphabet):
            if len(set(alphabet)) != len(alphabet):
                raise ValueError("duplicate characters")
            self.alphabet = alphabet
            self.base = len(alphabet)
            self.values = {c: i for i, c in enumerate(alphabet)}

        def encode(self, n):
            if n < 0:
                raise ValueError("negative")
            if n == 0:
                return self.alphabet[0]
            out = []
            while n:
                n, r = divmod(n, self.base)
                out.append(self.alphabet[r])
            return "".join(reversed(out))

        def decode(self, code):
            if not code:
                raise ValueError("empty")
            n = 0
            for c in code:
                if c not in self.values:
                    raise ValueError(f"{c!r} not in alphabet")
                n = n * self.base + self.values[c]
            return n

    b62 = BaseN(DIGITS_LOWER_UPPER)
    return b62.encode, b62.decode


@correct("str.translate-free: a tuple alphabet, list comprehension of indices")
def tuple_alphabet():
    alphabet = tuple(DIGITS_LOWER_UPPER)

    def encode(n):
        if not isinstance(n, int) or n < 0:
            raise ValueError("expected a non-negative int")
        out = [alphabet[n % 62]]
        n //= 62
        while n > 0:
            out.insert(0, alphabet[n % 62])
            n //= 62
        return "".join(out)

    def decode(code):
        if len(code) < 1:
            raise ValueError("empty")
        n = 0
        for d in [alphabet.index(c) for c in code]:  # tuple.index raises ValueError too
            n = n * 62 + d
        return n

    return encode, decode


@correct("int.__index__ of a bool rejected, explicit type errors, early returns")
def strict_types():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n: int) -> str:
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("an int is required")
        if n < 0:
            raise ValueError("only non-negative integers")
        if n < 62:
            return alphabet[n]
        out = []
        while n:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        return "".join(out[::-1])

    def decode(code: str) -> int:
        if not isinstance(code, str):
            raise TypeError("a str is required")
        if not code:
            raise ValueError("empty code")
        n = 0
        for c in code:
            d = alphabet.find(c)
            if d == -1:
                raise ValueError(f"invalid digit {c!r}")
            n = n * 62 + d
        return n

    return encode, decode


@correct("a while n >= 62 loop with the last digit appended after it")
def last_digit_after_loop():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        digits = []
        while n >= 62:
            digits.append(alphabet[n % 62])
            n //= 62
        digits.append(alphabet[n])
        return "".join(reversed(digits))

    def decode(code):
        if not code:
            raise ValueError("empty")
        result = 0
        for c in code:
            result = result * 62 + alphabet.index(c)
        return result

    return encode, decode


@correct("bit-shift-free Horner's rule from the right with divmod-built powers table")
def powers_table():
    alphabet = DIGITS_LOWER_UPPER
    pos = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if n == 0:
                break
        return "".join(out)[::-1]

    def decode(code):
        if not code:
            raise ValueError("empty")
        total = 0
        for i, c in enumerate(code[::-1]):
            if c not in pos:
                raise ValueError(c)
            total += pos[c] * pow(62, i)
        return total

    return encode, decode


@correct("map() over the code with a checked lookup function")
def map_lookup():
    alphabet = DIGITS_UPPER_LOWER
    pos = {c: i for i, c in enumerate(alphabet)}

    def lookup(c):
        try:
            return pos[c]
        except KeyError:
            raise ValueError(f"invalid character {c!r}") from None

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if not n:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        return functools.reduce(lambda a, d: a * 62 + d, map(lookup, code), 0)

    return encode, decode


@correct("a module-level dict built with zip and a dict comprehension, docstrings and asserts-free")
def zip_dicts():
    alphabet = DIGITS_LOWER_UPPER
    to_char = dict(zip(range(62), alphabet, strict=True))
    to_value = {v: k for k, v in to_char.items()}

    def encode(n):
        """Encode a non-negative int."""
        if n < 0:
            raise ValueError("negative")
        chars = [to_char[n % 62]]
        while n >= 62:
            n //= 62
            chars.append(to_char[n % 62])
        return "".join(reversed(chars))

    def decode(code):
        """Decode a base62 string."""
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            if c not in to_value:
                raise ValueError(c)
            n = n * 62 + to_value[c]
        return n

    return encode, decode


@correct("string concatenation with a for-else free loop and a lambda for the digit")
def lambda_digit():
    alphabet = LETTERS_FIRST
    digit = alphabet.__getitem__

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        code = ""
        while True:
            code = digit(n % 62) + code
            n //= 62
            if n == 0:
                return code

    def decode(code):
        if code == "":
            raise ValueError("empty")
        n = 0
        for ch in code:
            n = n * 62 + alphabet.index(ch)
        return n

    return encode, decode


@correct("numeric loop with a separate validation pass using all() and an ASCII set")
def validation_pass():
    alphabet = DIGITS_LOWER_UPPER
    ok = frozenset(string.ascii_letters + string.digits)

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        result = []
        while n:
            result.append(alphabet[n % 62])
            n //= 62
        return "".join(result[::-1])

    def decode(code):
        if not code:
            raise ValueError("empty")
        if not all(c in ok for c in code):
            raise ValueError("invalid character")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("unicodedata-free strictness: re.ASCII with \\w minus underscore")
def regex_ascii_flag():
    alphabet = DIGITS_LOWER_UPPER
    pattern = re.compile(r"[^\W_]+", re.ASCII)

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if n == 0:
                break
        return "".join(reversed(out))

    def decode(code):
        if not pattern.fullmatch(code):
            raise ValueError(code)
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("a counter-to-code pair as in a key service: encode id, decode slug, with a shared table")
def key_service():
    table = DIGITS_LOWER_UPPER
    base = len(table)

    def id_to_slug(link_id: int) -> str:
        if link_id < 0:
            raise ValueError("ids start at 0")
        slug = []
        while True:
            link_id, rem = divmod(link_id, base)
            slug.append(table[rem])
            if link_id == 0:
                break
        return "".join(slug[::-1])

    def slug_to_id(slug: str) -> int:
        if not slug:
            raise ValueError("empty slug")
        link_id = 0
        for ch in slug:
            rem = table.find(ch)
            if rem < 0:
                raise ValueError(f"bad slug character {ch!r}")
            link_id = link_id * base + rem
        return link_id

    return id_to_slug, slug_to_id


@correct("decode by int() in base 10 is not possible; manual Horner with ValueError re-raised with context")
def reraise_with_context():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError(f"{n} < 0")
        s = ""
        while n >= 62:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return alphabet[n] + s

    def decode(code):
        if not code:
            raise ValueError("empty code")
        n = 0
        for i, c in enumerate(code):
            try:
                d = alphabet.index(c)
            except ValueError as e:
                raise ValueError(f"position {i}: {c!r} is not a base62 digit") from e
            n = n * 62 + d
        return n

    return encode, decode


@correct("a lookup list indexed by ord() for ASCII, -1 elsewhere, bounds-checked")
def ord_table():
    alphabet = DIGITS_LOWER_UPPER
    table = [-1] * 128
    for i, c in enumerate(alphabet):
        table[ord(c)] = i

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = bytearray()
        while True:
            n, r = divmod(n, 62)
            out.insert(0, ord(alphabet[r]))
            if not n:
                return out.decode()

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            o = ord(c)
            if o >= 128 or table[o] < 0:
                raise ValueError(f"invalid {c!r}")
            n = n * 62 + table[o]
        return n

    return encode, decode


@correct("math.isqrt-free integer-only; code built from a list comprehension over divmod steps")
def steps_list():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        rems = []
        while n or not rems:
            n, r = divmod(n, 62)
            rems.append(r)
        return "".join(alphabet[r] for r in reversed(rems))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("Stack Overflow's classic base_encode/base_decode pair (arr list, strlen, idx)")
def stack_overflow_classic():
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def encode(num, alphabet=alphabet):
        if num < 0:
            raise ValueError("negative")
        if num == 0:
            return alphabet[0]
        arr = []
        arr_append = arr.append
        _divmod = divmod
        base = len(alphabet)
        while num:
            num, rem = _divmod(num, base)
            arr_append(alphabet[rem])
        arr.reverse()
        return "".join(arr)

    def decode(string_, alphabet=alphabet):
        if not string_:
            raise ValueError("empty")
        base = len(alphabet)
        strlen = len(string_)
        num = 0
        idx = 0
        for char in string_:
            power = strlen - (idx + 1)
            num += alphabet.index(char) * (base**power)
            idx += 1
        return num

    return encode, decode


@correct("type-annotated, Final alphabet, a helper raising ValueError for each bad input kind")
def annotated_helpers():
    from typing import Final

    alphabet: Final = DIGITS_LOWER_UPPER
    index: Final = {c: i for i, c in enumerate(alphabet)}

    def _require(condition: bool, message: str) -> None:
        if not condition:
            raise ValueError(message)

    def encode(n: int) -> str:
        _require(n >= 0, "n must be >= 0")
        out: list[str] = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if n == 0:
                break
        return "".join(reversed(out))

    def decode(code: str) -> int:
        _require(len(code) > 0, "empty code")
        _require(all(c in index for c in code), f"invalid code {code!r}")
        value = 0
        for c in code:
            value = value * 62 + index[c]
        return value

    return encode, decode


@correct("encode via a recursive helper with an accumulator, decode via enumerate and 62**k")
def accumulator():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n, acc=""):
        if n < 0:
            raise ValueError("negative")
        q, r = divmod(n, 62)
        acc = alphabet[r] + acc
        return encode(q, acc) if q else acc

    def decode(code):
        if not code:
            raise ValueError("empty")
        k = len(code) - 1
        total = 0
        for i, c in enumerate(code):
            if c not in alphabet:
                raise ValueError(c)
            total += alphabet.index(c) * 62 ** (k - i)
        return total

    return encode, decode


@correct("tuple assignment n, r = n // 62, n % 62 and map(alphabet.__getitem__, ...)")
def tuple_assignment_map():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        rems = [n % 62]
        n //= 62
        while n:
            n, r = n // 62, n % 62
            rems.append(r)
        return "".join(map(alphabet.__getitem__, reversed(rems)))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@correct("callable encoder and decoder objects (__call__), as a dependency-injected codec")
def callable_objects():
    class Encoder:
        def __init__(self, alphabet):
            self.alphabet = alphabet

        def __call__(self, n):
            if n < 0:
                raise ValueError("negative")
            out = []
            while True:
                n, r = divmod(n, len(self.alphabet))
                out.append(self.alphabet[r])
                if not n:
                    return "".join(reversed(out))

    class Decoder:
        def __init__(self, alphabet):
            self.index = {c: i for i, c in enumerate(alphabet)}

        def __call__(self, code):
            if not code:
                raise ValueError("empty")
            n = 0
            for c in code:
                if c not in self.index:
                    raise ValueError(c)
                n = n * len(self.index) + self.index[c]
            return n

    return Encoder(DIGITS_UPPER_LOWER), Decoder(DIGITS_UPPER_LOWER)


@correct("string.printable[:62] as the alphabet (digits, then a-z, then A-Z)")
def printable_prefix():
    alphabet = string.printable[:62]

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = []
        while n:
            s.append(alphabet[n % 62])
            n //= 62
        return "".join(s[::-1])

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for ch in code:
            n = n * 62 + alphabet.index(ch)
        return n

    return encode, decode


@correct("decode with sum() over a list of precomputed powers, validated first")
def powers_list_sum():
    alphabet = LETTERS_FIRST
    rank = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = alphabet[n % 62]
        n //= 62
        while n > 0:
            out = alphabet[n % 62] + out
            n //= 62
        return out

    def decode(code):
        if not code or any(c not in rank for c in code):
            raise ValueError(f"invalid code: {code!r}")
        powers = [62**i for i in range(len(code) - 1, -1, -1)]
        return sum(rank[c] * p for c, p in zip(code, powers, strict=True))

    return encode, decode


# -- wrong -------------------------------------------------------------------------------------------


@wrong("the Primer's pseudocode translated line by line: no case for zero", loses="encode(0) is one character")
def primer_no_zero():
    alphabet = DIGITS_LOWER_UPPER

    def encode(num):
        if num < 0:
            raise ValueError("negative")
        digits = []
        while num > 0:
            digits.append(alphabet[num % 62])
            num //= 62
        return "".join(reversed(digits))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("zero encodes to '' and '' decodes to 0: consistent, but no code for 0", loses="encode(0) is one character")
def empty_for_zero():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("float division n / 62 (exact only below 2**53)", loses="round trip for every non-negative integer, incl. huge ones")
def float_division():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return "0"
        s = ""
        while n > 0:
            s = alphabet[int(n % 62)] + s
            n = int(n / 62)
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("math.floor(n / 62): the float is rounded before floor", loses="round trip for every non-negative integer, incl. huge ones")
def floor_of_float():
    alphabet = DIGITS_UPPER_LOWER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            out.append(alphabet[n % 62])
            n = math.floor(n / 62)
            if n == 0:
                break
        return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("decode with math.pow (floats) for the place values", loses="round trip for every non-negative integer, incl. huge ones")
def math_pow_decode():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        total = 0
        for i, c in enumerate(reversed(code)):
            total += int(alphabet.index(c) * math.pow(62, i))
        return total

    return encode, decode


@wrong("decode reads the code least significant digit first", loses="small numbers round-trip")
def decode_little_endian():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        return sum(alphabet.index(c) * 62**i for i, c in enumerate(code))

    return encode, decode


@wrong("encode forgets to reverse the remainders", loses="small numbers round-trip")
def encode_not_reversed():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        out = []
        while n:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        return "".join(out)

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("both ends little-endian: it round-trips, but 62 is written '01'", loses="digits are positional base 62")
def both_little_endian():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        out = []
        while n:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        return "".join(out)

    def decode(code):
        if not code:
            raise ValueError("empty")
        return sum(alphabet.index(c) * 62**i for i, c in enumerate(code))

    return encode, decode


@wrong("str.find without a check: a stray character counts as -1", loses="negative numbers and malformed codes raise ValueError")
def find_unchecked():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.find(c)
        return n

    return encode, decode


@wrong("an empty code decodes to 0", loses="encode(-1) and decode('') raise ValueError")
def empty_is_zero():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                break
        return "".join(reversed(out))

    def decode(code):
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("encode takes abs(n): a negative id gets the code of its magnitude", loses="encode(-1) and decode('') raise ValueError")
def encode_abs():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        n = abs(n)
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("a minus sign for negatives, like str(int)", loses="encode(-1) and decode('') raise ValueError")
def minus_sign():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            return "-" + encode(-n)
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("assert n >= 0 instead of raising ValueError", loses="encode(-1) and decode('') raise ValueError")
def assert_instead():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        assert n >= 0, "negative"
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        assert code, "empty"
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("TypeError for a negative number", loses="encode(-1) and decode('') raise ValueError")
def type_error_for_negative():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if not isinstance(n, int) or n < 0:
            raise TypeError("expected a non-negative int")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("str.isdigit() and int() for the digit characters", loses="decode rejects non-ASCII look-alike characters")
def isdigit_int():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return "0"
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            if c.isdigit():
                d = int(c)
            elif c in alphabet:
                d = alphabet.index(c)
            else:
                raise ValueError(c)
            n = n * 62 + d
        return n

    return encode, decode


@wrong("NFKC-normalises the code first, 'to be forgiving'", loses="decode rejects non-ASCII look-alike characters")
def nfkc_first():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        code = unicodedata.normalize("NFKC", code)
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("isalnum() as the only guard, then isdigit/islower/isupper arithmetic", loses="decode rejects non-ASCII look-alike characters")
def isalnum_arithmetic():
    def encode(n):
        if n < 0:
            raise ValueError("negative")
        chars = DIGITS_LOWER_UPPER
        if n == 0:
            return chars[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = chars[r] + s
        return s

    def decode(code):
        if not code or not code.isalnum():
            raise ValueError(code)
        n = 0
        for c in code:
            if c.isdigit():
                d = ord(c) - ord("0")
            elif c.islower():
                d = ord(c) - ord("a") + 10
            else:
                d = ord(c) - ord("A") + 36
            n = n * 62 + d
        return n

    return encode, decode


@wrong("unicodedata.digit() for the digits", loses="decode rejects non-ASCII look-alike characters")
def unicodedata_digit():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = alphabet[n % 62]
        n //= 62
        while n:
            s = alphabet[n % 62] + s
            n //= 62
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            d = unicodedata.digit(c, None)
            if d is None:
                d = alphabet.index(c)
            n = n * 62 + d
        return n

    return encode, decode


@wrong("regex with $ (which also matches before a final newline) and re.match", loses="negative numbers and malformed codes raise ValueError")
def regex_dollar():
    alphabet = DIGITS_LOWER_UPPER
    pattern = re.compile(r"^[0-9a-zA-Z]+$")

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not pattern.match(code):
            raise ValueError(code)
        n = 0
        for c in code.strip():
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("strips whitespace before decoding", loses="negative numbers and malformed codes raise ValueError")
def strips_whitespace():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if n == 0:
                return "".join(out[::-1])

    def decode(code):
        code = code.strip()
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("skips characters it does not know", loses="negative numbers and malformed codes raise ValueError")
def skips_unknown():
    alphabet = DIGITS_LOWER_UPPER
    index = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            if c in index:
                n = n * 62 + index[c]
        return n

    return encode, decode


@wrong("a dict lookup whose KeyError escapes", loses="negative numbers and malformed codes raise ValueError")
def key_error_escapes():
    alphabet = DIGITS_LOWER_UPPER
    index = {c: i for i, c in enumerate(alphabet)}

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + index[c]
        return n

    return encode, decode


@wrong("returns -1 for a bad code instead of raising", loses="negative numbers and malformed codes raise ValueError")
def minus_one_for_bad():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            if c not in alphabet:
                return -1
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("ord(c) - 48 for anything up to '9', no lower bound", loses="negative numbers and malformed codes raise ValueError")
def no_lower_bound():
    def encode(n):
        chars = DIGITS_LOWER_UPPER
        if n < 0:
            raise ValueError("negative")
        s = chars[n % 62]
        n //= 62
        while n:
            s = chars[n % 62] + s
            n //= 62
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            if c <= "9":
                d = ord(c) - 48
            elif "a" <= c <= "z":
                d = ord(c) - 87
            elif "A" <= c <= "Z":
                d = ord(c) - 29
            else:
                raise ValueError(c)
            n = n * 62 + d
        return n

    return encode, decode


@wrong("base64url's 64 characters instead of 62", loses="digits are positional base 62")
def base64url():
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = alphabet[n % 64]
        n //= 64
        while n:
            s = alphabet[n % 64] + s
            n //= 64
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 64 + alphabet.index(c)
        return n

    return encode, decode


@wrong("a typo in the alphabet: '-' where 'Z' belongs", loses="62 distinct ASCII letters and digits")
def alphabet_typo_dash():
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY-"

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("a typo in the alphabet: 'Y' twice, no 'Z'", loses="62 distinct ASCII letters and digits")
def alphabet_typo_duplicate():
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYY"

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("codes padded to a fixed 7 characters, as a shortener might store them", loses="encode(0) is one character")
def padded_seven():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s.rjust(7, alphabet[0])

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("pads to 6 characters except for 0", loses="shortest code: no leading zeros")
def padded_except_zero():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s.rjust(6, alphabet[0])

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("decode returns a float (accumulates with 62.0)", loses="encode returns a str, decode an int")
def decode_float():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0.0
        for c in code:
            n = n * 62.0 + alphabet.index(c)
        return n

    return encode, decode


@wrong("encode returns None above 2**64 ('ids fit in a BIGINT')", loses="round trip for every non-negative integer, incl. huge ones")
def none_above_bigint():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n >= 2**64:
            return None
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("encode limited to 64 bits with struct.pack", loses="round trip for every non-negative integer, incl. huge ones")
def struct_64_bits():
    import struct

    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        (value,) = struct.unpack(">Q", struct.pack(">Q", n))
        s = alphabet[value % 62]
        value //= 62
        while value:
            s = alphabet[value % 62] + s
            value //= 62
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("loop while n >= 62 and forget the last digit", loses="small numbers round-trip")
def forgets_last_digit():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n < 62:
            return alphabet[n]
        out = []
        while n >= 62:
            out.append(alphabet[n % 62])
            n //= 62
        return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("off by one in the digit index: alphabet[r - 1]", loses="small numbers round-trip")
def off_by_one_digit():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r - 1] + s
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("decode lowercases the code ('codes are case-insensitive')", loses="small numbers round-trip")
def case_insensitive_decode():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code.lower():
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("while n > 62 instead of n >= 62: 62 itself overflows the alphabet", loses="small numbers round-trip")
def off_by_one_loop():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while n > 62:
            n, r = divmod(n, 62)
            out.append(alphabet[r])
        out.append(alphabet[n % 62])
        return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("encode returns the list of digit characters, never joined", loses="digits are positional base 62")
def returns_list():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            n, r = divmod(n, 62)
            out.insert(0, alphabet[r])
            if not n:
                return out

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("a base-36 codec (digits and lowercase only), as int(code, 36) reads", loses="digits are positional base 62")
def base36():
    alphabet = string.digits + string.ascii_lowercase

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        s = alphabet[n % 36]
        n //= 36
        while n:
            s = alphabet[n % 36] + s
            n //= 36
        return s

    def decode(code):
        if not code:
            raise ValueError("empty")
        return int(code, 36)

    return encode, decode


@wrong("math.log for the number of digits, so powers of 62 come out short", loses="round trip for every non-negative integer, incl. huge ones")
def log_width():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        width = int(math.log(n, 62)) + 1
        return "".join(alphabet[n // 62**i % 62] for i in reversed(range(width)))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("bit tricks (n & 63, n >> 6) that only work for a base that is a power of two", loses="small numbers round-trip")
def bit_tricks():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        out = []
        while True:
            out.append(alphabet[n & 63])
            n >>= 6
            if not n:
                return "".join(reversed(out))

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("underscores allowed as separators, as int('1_000') does", loses="negative numbers and malformed codes raise ValueError")
def underscore_separators():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return alphabet[0]
        s = ""
        while n:
            n, r = divmod(n, 62)
            s = alphabet[r] + s
        return s

    def decode(code):
        code = code.replace("_", "")
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode


@wrong("recursive encode whose base case returns '' for 0", loses="encode(0) is one character")
def recursive_empty_base():
    alphabet = DIGITS_LOWER_UPPER

    def encode(n):
        if n < 0:
            raise ValueError("negative")
        if n == 0:
            return ""
        return encode(n // 62) + alphabet[n % 62]

    def decode(code):
        if not code:
            raise ValueError("empty")
        n = 0
        for c in code:
            n = n * 62 + alphabet.index(c)
        return n

    return encode, decode
