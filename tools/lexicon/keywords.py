"""The reviewed filter for localisation-catalog pairs: which English words a learner needs.

A catalog pair is kept only if *every* word of its (1–4 word) English msgid is listed here, either
under a topic (it then gives the entry that topic) or in :data:`NEUTRAL` (allowed, gives no topic),
and at least one word gives a topic. Everything else (spreadsheet functions, compiler and kernel
terms, mail-server jargon, foreign place names, card-game rules...) falls through. Matching is on
lower-cased words; a plural/-s form of a listed word also matches (see :func:`lookup`).

To widen or narrow the lexicon, edit these lists and re-run build.py; docs/lexicon.md describes
them. Words are grouped by the TOPICS of ``dzlearn.ime.lexicon``.
"""

from __future__ import annotations

from types import MappingProxyType

_TOPIC_WORDS: dict[str, str] = {
    "greeting": "bye goodbye greetings hello welcome",
    "courtesy": "dear excuse madam please regards sincerely sir sorry thank thanks welcome",
    "number": """
        amount count decimal digit digits divide double eight eleven equal equals even fifteen
        fifty five forty four fourteen half hundred million minus multiply nine number numbers
        numeric odd one percent percentage plus seven single six sum ten thirteen thirty
        thousand three total twelve twenty two zero""",
    "family": """
        aunt baby brother daughter father friend friends grandfather grandmother husband mother
        neighbor sister son spouse uncle wife""",
    # body words are left to draft.tsv: in software "body", "head", "hand" and "hearts" are
    # document parts, pointers and card suits
    "body": "blood",
    "health": """
        accessibility care clinic disability doctor emergency health healthy hospital ill
        medicine nurse pain patient sick""",
    "food": "butter drink eat egg fish food lemon meal milk orange rice salt sugar tea water",
    "time": """
        after alarm alarms am before clock countdown current daylight delay duration during
        early evening future hour hours late later midnight minute minutes morning night noon
        now past pm recent recently remaining second seconds soon time timeout timer times
        timezone today tonight until wait waiting""",
    "date": """
        anniversaries anniversary annual appointment appointments april august birthday
        birthdays calendar calendars daily date dates day days deadline december due event
        events expiration expired expires expiry february friday holiday holidays january july
        june march may meeting meetings monday month monthly months november october saturday
        schedule september sunday thursday today tomorrow tuesday wednesday week weekend weekly
        weeks year yearly years yesterday""",
    "place": """
        address addresses area building city country east home house local location locations
        map maps north office place places postal region road south street town village west
        world""",
    "e-service": """
        accept accepted application apply approve approved blank certificate certificates choose
        citizen complete completed confirm confirmation department detail details document
        documents enter
        field fields form forms government incorrect information invalid missing notice
        notification notifications online pending portal public register registration reject
        rejected report reports request requests required review select selected service
        services status submit submitted verification verified verify""",
    "life-event": "age birth birthdate birthplace born death marital marriage married retirement",
    "id": """
        female gender id identity male name names nationality nickname personal photo
        picture profile sign signature signed username""",
    "pension": "pension retirement",
    "business": """
        agreement business company contract contracts customer customers employee job licence
        license
        manager meeting meetings office organization owner shop task tasks tax trade work""",
    "bank": """
        account accounts amount bank cash deposit finances financial loan money salary savings
        transaction withdrawal""",
    "payment": """
        bill billing buy cost coupon currency discount expense fee paid pay payment payments
        price purchase purchased receipt receipts salary sell""",
    "security": """
        access authenticate authentication certificate code decrypt encrypt encrypted encryption
        identity key keys lock locked log login logout passphrase passphrases password passwords
        permission permissions pin privacy private safe secret secure security sign signature
        trust trusted unlock unsafe untrusted verify""",
    "phone": """
        battery call calls charging chat contact contacts forward message messages mobile phone
        receive received reply ring ringtone send sent sms telephone voice""",
    "internet": """
        address attachment attachments bookmark bookmarks browser connect connected connection
        connections disconnect disconnected download downloaded downloads draft drafts e-mail
        email emails homepage inbox internet junk link links mail network networks news offline
        online page recipient recipients search sender sending server share shared sharing
        subject unread upload uploading url web website websites wireless""",
    "computer": """
        active add added adding advanced alert application applications apply attach attachment
        attachments audio auto available back background backup battery brightness browse button
        buttons calculator camera cancel change changed character characters charge check clear
        click clipboard close column columns computer computers content contents continue copy
        copying could couldn't create creating custom cut data decrease default delete deleted
        description desktop device devices dictionary directory disable disk display document
        documents drive edit empty enable error errors exist exists exit export extract failed
        file files filter find folder folders font fonts format found free full game games
        general hardware headphones height help hidden hint history icon icons image images
        import increase insert inserted install item items keyboard label layout letter letters
        limit line lines list load loading main mark maximize maximum memory menu microphone
        minimize minimum missing modified mouse move moving multiple music mute new next no ok
        open option options page pages paper paste pause photo photos picture pictures play
        player pointer power preferences preview previous print printer printing program
        programs progress properties quality quit record recording records redo refresh reload
        remove removing rename repeat replace reset resize resolution restart restore retry
        rotate row rows run save saved saving scan scanner screen screenshot scroll select
        selected selection settings shortcut shut shutdown size skip software song songs sort
        sound sounds space speaker speakers speed spelling stop style success system tab table
        tabs text title tool toolbar tools transfer trash type undo unknown unmute update updates
        upgrade use user users using version video videos view viewer visible volume warning width
        window windows word words yes zoom""",
    "language": """
        alphabet character characters dictionary dzongkha english grammar language languages
        letter letters script spelling translate translation word words""",
    "country": "countries country kingdom nation national republic",
    "currency": "coin currencies currency dollar money ngultrum rupee",
    "everyday": """
        again all always another answer answers ask back bad begin big black blue bottom brown
        busy change clean close cold color colors colour come correct dark different done down
        easy end false fast few find finished free front give go good gray green grey hard help
        hide hot important inside large learn left less light listen look many more name never
        new no none note notes ok old open orange other outside people person pink purple
        question questions read ready red right same see show slow small sometimes speak start
        started stop take task tasks today top true up use white write wrong yellow yes""",
    "education": """
        book books course education exam knowledge learn learning lesson lessons library school
        schools student students study teacher""",
    "religion": "buddha dharma holy monastery prayer religion temple",
    "nature": """
        autumn cloud clouds cloudy cold earth fire flower flowers fog forest hail hot ice lake
        leaf mist moon mountain ocean rain river sand sea season sky snow spring star stars
        stone storm summer sun temperature thunder thunderstorm tree trees water weather wind
        winter""",
}

# Allowed in a phrase but naming no topic by themselves.
NEUTRAL = frozenset(
    """a about again all already also an and any are as at be been by can can't cannot card
    cards did do does don't down each every fifth first for fourth from her here his how i
    if in into is it its just last less me middle more most my new no not of off old on only or
    other our out over same second seventh sixth some still than that the their then there
    these they third this those to too under up very was we what when where which while who
    why with yet you your""".split()
)

# Pairs whose English passes the word filter but whose sense in the catalog is not the everyday
# one, or whose translation is a loose adaptation rather than a gloss (reviewed by hand).
REJECTED_PHRASES = frozenset(
    {
        "credits",  # "about" box acknowledgements, not money
        "accessibility key character",
        "dear sir or madam",  # translated as "dear teacher or mother"
        # LibreOffice's Table Wizard (lo_config.py): translated in another sense of the English
        "check number",  # a cheque's number, translated "to verify the number"
        "minutes type",  # meeting minutes, tagged time by "minutes"
        "security name",  # a stock (financial security), translated as "protection name"
        "security type",
        "i don't care",  # GIMP; tagged health by "care"
    }
)

# Single (English, Dzongkha) pairs rejected by hand, where the same English has a good
# translation elsewhere: (lower-case English, Dzongkha as the source writes it, cleaned).
REJECTED_PAIRS = frozenset(
    {
        ("review", "བསྐྱར་བཟོ"),  # Table Wizard: "remake"; བསྐྱར་ཞིབ is "review"
        ("ring", "ཨ་ལོང"),  # LibreOffice's ring shape (an ornament), tagged phone by "ring"
    }
)

# Weekday and month names are taken from CLDR only (cldr.py, with its weekday shift corrected):
# Debian's glib20 and evolution catalogs give the Dzongkha weekdays the same one-day shift as
# CLDR, and some of their calendar names are misspelt (གཟའ་ལྷག་ཕ, ཟླ་བ་ལྔ་ཕ). A catalog pair
# with any of these English words is left out.
CALENDAR_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    january february march april may june july august september october november december""".split()
)

TOPIC_WORDS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {topic: frozenset(words.split()) for topic, words in _TOPIC_WORDS.items()}
)


def _index() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for topic, words in TOPIC_WORDS.items():
        for word in words:
            index.setdefault(word, set()).add(topic)
    return {word: tuple(sorted(topics)) for word, topics in index.items()}


WORD_TOPICS = MappingProxyType(_index())


def lookup(word: str) -> tuple[str, ...] | None:
    """Topics of an English word (() if neutral), or None if the word is not allowed."""
    word = word.lower().strip("'")
    candidates = [word]
    if word.endswith("'s"):
        candidates.append(word[:-2])
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s"):
        candidates.append(word[:-1])
    for candidate in candidates:
        if candidate in WORD_TOPICS:
            return WORD_TOPICS[candidate]
    if word in NEUTRAL:
        return ()
    return None


def phrase_topics(english: str) -> tuple[str, ...] | None:
    """Topics of an English msgid if every word is allowed and one names a topic, else None."""
    topics: set[str] = set()
    for token in english.split():
        found = lookup(token)
        if found is None and "-" in token:
            parts = [lookup(part) for part in token.split("-") if part]
            found = None if None in parts or not parts else tuple(t for p in parts for t in p)
        if found is None:
            return None
        topics.update(found)
    return tuple(sorted(topics)) or None
