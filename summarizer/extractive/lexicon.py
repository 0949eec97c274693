"""Word lists the extractive engine reads news English with."""

from __future__ import annotations

from importlib.resources import files

from ..schema import Qualifier


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce or close a quotation or a reported statement (lemmas and forms).
REPORTING_VERBS = _words(
    """said says say told tells tell added adds add stated states state asserted asserts
    declared declares announced announces explained explains noted notes wrote writes
    argued argues claimed claims insisted insists warned warns replied replies answered
    answers remarked remarks recalled recalls continued continues concluded concludes
    commented comments acknowledged acknowledges admitted admits denied denies confirmed
    confirms assured assures stressed stresses emphasized emphasised emphasizes emphasises
    suggested suggests urged urges tweeted tweets posted posts reported reports described
    describes called calls asked asks complained complains predicted predicts observed
    observes pointed points believes believed thinks thought felt feels mentioned mentions
    responded responds countered counters quipped joked jokes shouted shouts cried
    whispered testified testifies vowed vows promised promises estimated estimates
    revealed reveals accused accuses criticised criticized criticizes criticises
    condemned condemns praised praises welcomed welcomes stating saying writing adding noting
    explaining arguing warning telling insisting claiming dubbed characterized characterised"""
)
# Cues of an attribution: the reporting verbs plus verbs that frame a quotation in news
# ("tweeted", "chanted", "blasted"), in every form used before or after a quote.
CUE_VERBS = REPORTING_VERBS | _words(
    """tweet tweeting posting asking asked continued continuing pledged pledges pledging
    chanted chanting joked joking blasted blasts remarked remarking blamed blames thanked
    yelled yelling lamented laments shouted mocked mocks conceded concedes quipped quips
    barked boasted boasts emailed interjected demanded demands proclaimed proclaims
    denounced denounces wondered wonders questioned hinted hints recounted recounts
    reiterated reiterates retorted retorts scoffed exclaimed cautioned cautions
    acknowledging admitting declaring concluding recalling replying responding stressing
    emphasizing suggesting warned urging vowing promising predicting describing calling
    accusing praising criticizing criticising credited credits crediting compared compares
    comparing dubbing labeled labelled labeling branded deemed termed hailed hails slammed
    slams slamming attacking echoed echoing likened likening dismissed
    dismisses defended defends insisting cited citing quoted quoting referred referring
    characterizing characterising describing denouncing lamenting mocking blasting
    conceding boasting repeated repeats remembered remembers groused grouses mused
    fumed fumes reacted reacts riffed riffs chided chides snapped griped gripes grumbled
    grumbles gushed gushes marveled marvelled sniped snipes"""
)
# Words that, capitalised before a name, are a title or role rather than part of it.
TITLE_WORDS = _words(
    """President Vice Prime Minister Ministers Secretary Secretary-General Senator Sen.
    Representative Rep. Congressman Congresswoman Governor Gov. Mayor Judge Justice General
    Gen. Colonel Col. Major Maj. Captain Capt. Lieutenant Lt. Sergeant Sgt. Admiral Adm.
    Commander Chancellor King Queen Prince Princess Pope Bishop Archbishop Cardinal Father
    Rev. Reverend Rabbi Imam Sheikh Dr. Doctor Professor Prof. Mr. Mrs. Ms. Miss Mr Mrs Ms
    Dr Sir Dame Lord Lady Chairman Chairwoman Chair Chief Director Commissioner Ambassador
    Spokesman Spokeswoman Spokesperson CEO Coach Detective Officer Inspector Sheriff
    Attorney Speaker Deputy Foreign Interior Defense Defence Finance Health Home Trade
    Economy Education Agriculture Energy Culture Transport Environment Labour Labor
    Treasury Security State Executive Leader Founder Head Premier Emir Crown Former
    Acting Assistant Associate Senior Junior Chief-of-staff Superintendent Constable
    Councillor Councilor Alderman Delegate MP MEP Sen Rep Pres Secretary-general"""
)
TITLE_WORDS = (
    TITLE_WORDS
    | frozenset(w.rstrip(".") for w in TITLE_WORDS if w.endswith("."))
    | _words(
        "Administrator Coordinator Chairperson Treasurer Registrar Provost Dean Rector Marshal "
        "Commodore Brigadier Private Corporal Major-General Lieutenant-General Nominee Candidate"
    )
)
# Words that qualify a title but are not one on their own ("Foreign" in "Foreign Minister").
TITLE_QUALIFIERS = _words(
    """Vice Prime Deputy Foreign Interior Defense Defence Finance Health Home Trade Economy
    Education Agriculture Energy Culture Transport Environment Labour Labor Treasury Security
    State Executive Former Acting Assistant Associate Senior Junior Chief Crown Attorney"""
)
HONORIFICS = _words("Mr. Mrs. Ms. Miss Dr. Mr Mrs Ms Dr Prof. Professor Sir Dame")

# Lower-case nouns that name a role ("spokesman for ...", "the ambassador").
ROLE_NOUNS = _words(
    """president minister secretary spokesman spokeswoman spokesperson ambassador senator
    governor mayor chairman chairwoman chair director chief head leader founder
    co-founder owner editor reporter correspondent professor researcher scientist
    analyst adviser advisor official officer commander general lawyer attorney judge
    manager ceo executive representative member candidate nominee chancellor premier
    diplomat envoy aide deputy coach captain player author writer expert economist
    lecturer student teacher doctor physician biologist historian activist curator
    organiser organizer president-elect commissioner detective inspector sheriff
    inventor designer engineer meteorologist astronaut administrator superintendent
    musician actor artist photographer poet magician biologist mathematician"""
)

# Head nouns of a description that can speak: "the ministry said", "a police spokesman said".
# Members of a party, written with a capital: "the Republican", "one senior Democrat".
PARTY_MEMBERS = _words("democrat democrats republican republicans libertarian libertarians")
SPEAKING_HEADS = ROLE_NOUNS | _words(
    """statement report government ministry department police campaign company group agency
    office committee council court army military embassy source sources official officials
    spokesman spokeswoman spokesperson authorities administration board union party team
    newspaper paper magazine website network broadcaster channel study survey poll letter
    release document memo analysts experts critics residents witnesses officers lawyers
    prosecutors investigators researchers scientists doctors activists protesters daily
    tabloid outlet publication broadcaster editorial columnist blogger journal readout
    transcript headline ad advertisement textbook authors writers spokespeople confidant
    confidants insider insiders operative operatives strategist strategists pollster
    consultant donor donors ally allies attendee attendees democrat democrats republican
    republicans"""
)

# Capitalised words that mark an organisation when they end or head a name.
ORG_WORDS = _words(
    """Ministry Department Agency Council Party Church Committee Commission University
    College School Institute Institution Association Organization Organisation Bank Court
    Police Army Navy Air Force Forces Guard News Times Post Journal Herald Gazette Tribune
    Telegraph Guardian Weekly Magazine Press Inc. Inc Corp. Corp Corporation Company Co.
    Group Union Office Foundation Federation League Club Team Society Service Services
    Authority Board Bureau Centre Center Fund Trust Network Broadcasting Radio Television
    TV Airlines Airways Motors Labs Laboratory Laboratories Museum Hospital Parliament
    Congress Senate Assembly Government Administration Cabinet Embassy Consulate Mission
    Alliance Coalition Front Movement Commission Secretariat Directorate Unit Brigade
    Regiment Battalion Corps Command Org Academy Church Mosque Temple Synagogue Diocese
    Studios Records Publishing Publications Media Entertainment Systems Technologies
    Software Microsoft Google Apple Reuters Observatory Council Tribunal
    Nations Nation Cooperative Syndicate Federation Confederation Chamber Exchange Ltd Ltd.
    LLC PLC"""
)

COUNTRIES = _words(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
    Botswana Brazil Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China
    Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt
    Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana
    Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran
    Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait
    Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia
    Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal
    Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay
    Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia
    Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland
    Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu
    Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe
    Britain England Scotland Wales"""
) | frozenset(
    [
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "South Africa",
        "South Korea",
        "North Korea",
        "New Zealand",
        "Saudi Arabia",
        "Sri Lanka",
        "Costa Rica",
        "El Salvador",
        "Czech Republic",
        "Dominican Republic",
        "Ivory Coast",
        "Papua New Guinea",
        "Sierra Leone",
        "South Sudan",
        "Vatican City",
        "Hong Kong",
        "East Timor",
        "Great Britain",
        "Burkina Faso",
        "Cape Verde",
        "Puerto Rico",
    ]
)
COUNTRY_ALIASES = {
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "UAE": "United Arab Emirates",
    "DPRK": "North Korea",
    "ROK": "South Korea",
    "Korea Republic": "South Korea",
    "Holland": "Netherlands",
}
# Capitals standing for their governments ("Moscow will expel ...").
CAPITALS = {
    "Washington": "United States",
    "Moscow": "Russia",
    "Beijing": "China",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Tokyo": "Japan",
    "Tehran": "Iran",
    "Pyongyang": "North Korea",
    "Seoul": "South Korea",
    "Ankara": "Turkey",
    "Warsaw": "Poland",
    "Jerusalem": "Israel",
    "Damascus": "Syria",
    "Baghdad": "Iraq",
    "Kabul": "Afghanistan",
    "Islamabad": "Pakistan",
    "New Delhi": "India",
    "Ottawa": "Canada",
    "Canberra": "Australia",
    "Rome": "Italy",
    "Madrid": "Spain",
    "Athens": "Greece",
    "Cairo": "Egypt",
    "Riyadh": "Saudi Arabia",
    "Taipei": "Taiwan",
    "Havana": "Cuba",
    "Caracas": "Venezuela",
    "Minsk": "Belarus",
}
DEMONYMS = _words(
    """American Americans Russian Russians Ukrainian Ukrainians Chinese Polish Pole Poles
    British Briton Britons English French German Germans Italian Italians Spanish Spaniard
    Japanese Korean Koreans Indian Indians Pakistani Pakistanis Iranian Iranians Iraqi
    Iraqis Israeli Israelis Palestinian Palestinians Syrian Syrians Turkish Turks Greek
    Greeks Canadian Canadians Mexican Mexicans Brazilian Brazilians Australian Australians
    European Europeans African Africans Asian Asians Arab Arabs Western Westerners Eastern
    Baltic Nordic Latin Indonesian Indonesians Malaysian Malaysians Thai Vietnamese
    Afghan Afghans Saudi Saudis Egyptian Egyptians Irish Scottish Welsh Dutch Swedish
    Norwegian Danish Finnish Swiss Austrian Belgian Portuguese Czech Slovak Hungarian
    Romanian Bulgarian Serbian Croatian Bosnian Albanian Lithuanian Latvian Estonian
    Belarusian Georgian Armenian Azerbaijani Kazakh Uzbek Mongolian Taiwanese Filipino
    Nigerian Kenyan Ethiopian Somali Sudanese Libyan Tunisian Moroccan Algerian Cuban
    Venezuelan Colombian Argentine Argentinian Chilean Peruvian Jewish Muslim Muslims
    Christian Christians Catholic Catholics Protestant Buddhist Hindu Islamic Orthodox
    Bangladeshi Bangladeshis Rohingya Kurdish Kurds Hellenic Soviet Nazi Republican
    Republicans Democrat Democrats Democratic Libertarian Libertarians Conservative
    Conservatives Liberal Liberals Socialist Communist Muslim"""
)

MONTHS = _words(
    """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Jan. Feb. Mar. Apr. Jun. Jul. Aug.
    Sep. Sept. Oct. Nov. Dec."""
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# Capitalised words that never start a name on their own.
NON_NAMES = (
    _words(
        """I I'm I've I'll I'd The A An This That These Those It Its It's He She We They You Our
    Their His Her My Your There Here When Where While What Which Who Why How If Then But And
    Or So Yet For Nor As At By In On Of To From With Without After Before During Since Until
    Although Though However Meanwhile Also Last Next Today Yesterday Tomorrow Tonight Now
    Later Earlier Already Still Even Just Only Some Many Most Much More Several All Both
    Each Every Any No Not One Two Three Four Five Six Seven Eight Nine Ten First Second Third
    Other Another According Regarding Despite Because Unlike Like Instead Yes Please Thank
    Thanks Well Oh Ok OK Hello Hi Mr Mrs Ms Dr Mr. Mrs. Ms. Dr. Photo Image Images File
    Source Sources Read Click Share Related Previous Next Home Latest News Update Updated
    Interview Background Editor Note Copyright Wikinews Advertisement Subscribe Comments
    Meanwhile Separately Together Overall Finally Furthermore Moreover Indeed Perhaps Maybe
    Internet Web Online Government Police Congress Parliament Senate Once Unless Whether
    Whatever Whenever Wherever Whoever Upon Within Across Among Amid Along Around Behind
    Below Beyond Inside Outside Over Under Through Throughout Toward Towards Via Yes No
    Absolutely Certainly Sure Right Okay Hopefully Unfortunately Fortunately Actually
    Basically Obviously Clearly Generally Usually Recently Currently Initially Eventually
    Additionally Nevertheless Nonetheless Otherwise Therefore Thus Hence Anyway Besides
    Recent Previous Former Current Local National International Global Official Officials
    Hey Dear Sorry Welcome Congratulations Wow"""
    )
    | MONTHS
    | WEEKDAYS
)

# Verbs that, right after "said"-style inversion ("said Lavrov"), make the next name the speaker.
INVERSION_VERBS = _words(
    """said says added adds stated states wrote writes explained explains noted continued
    declared announced insisted warned replied answered remarked recalled concluded
    commented acknowledged admitted confirmed assured stressed emphasized emphasised
    suggested argued claimed tweeted posted observed remembered repeated reads reacted
    fumed riffed chided snapped griped grumbled gushed marveled sniped"""
)
# Reporting verbs that are also common nouns; after a name they are not evidence of speech.
AMBIGUOUS_VERBS = _words(
    """reports claims calls states notes comments posts points answers replies remarks
    promises vows estimates reveals thinks thought believes feels felt called asks tells
    urges condemns praises welcomes describes accuses criticizes criticises"""
)
# First words of capitalised runs that name things, not people.
NON_PERSON_HEADS = _words(
    """Cyclone Hurricane Typhoon Storm Tropical Operation Flight Project Mount Mt Lake River
    Bridge Street Avenue Road Square Park Station Airport Stadium Hall Tower Towers Centre
    Center Building Palace Castle Island Islands Bay Sea Ocean Gulf Valley Desert Forest
    Province County State District Region City Town Village North South East West Northern
    Southern Eastern Western Central Upper Lower Greater Old New Grand Great Holy Saint St
    Lady Our Day Week Month Year Festival Games Olympics Cup Championship Tournament League
    Prize Award Awards Act Bill Law Treaty Accord Agreement Convention Protocol Plan Program
    Programme Policy Strategy War Battle Revolution Crisis Summit Conference Expo Show Shelf
    Fair Glacier Coast Harbour Harbor Beach Port Peninsula Canal Falls Mountains Range Basin
    Airways Highway Motorway Route Line Arena Theatre Theater Church Cathedral Mosque Temple
    Museum Gallery Library Hospital School College University Academy Institute Prison
    Award Medal Trophy Series Edition Index Report Review Act Constitution Amendment Day
    Shuttle Ship Spacecraft Aircraft Satellite Rover Complex Processing Wars"""
)

CURRENCY_SYMBOLS = {
    "US$": "USD",
    "$": "USD",
    "NZ$": "NZD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "Rs": "INR",
    "Rs.": "INR",
    "R$": "BRL",
    "CHF": "CHF",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "franc": "CHF",
    "francs": "CHF",
    "won": "KRW",
    "peso": "MXN",
    "pesos": "MXN",
    "real": "BRL",
    "reais": "BRL",
    "lira": "TRY",
    "krona": "SEK",
    "kronor": "SEK",
    "krone": "NOK",
    "rand": "ZAR",
    "shekel": "ILS",
    "shekels": "ILS",
    "dinar": "IQD",
    "dirham": "AED",
    "dirhams": "AED",
    "ringgit": "MYR",
    "baht": "THB",
    "rupiah": "IDR",
    "naira": "NGN",
    "yuan.": "CNY",
    "bucks": "USD",
}
QUALIFIER_BEFORE: dict[str, Qualifier] = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "above": "more than",
    "in excess of": "more than",
    "greater than": "more than",
    "nearly": "about",
    "almost": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "close to": "about",
    "closer to": "about",
    "just under": "less than",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "below": "less than",
    "at most": "at most",
    "no more than": "at most",
    "a maximum of": "at most",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "within": "within",
}

# Common given names: a two-word capitalised run starting with one is a person.
FIRST_NAMES = _words(
    """Aaron Abdul Abdullah Adam Adrian Ahmed Ahmad Alan Albert Alex Alexander Alexandra
    Alexei Alfred Ali Alice Alicia Alison Amanda Amy Ana Andrea Andreas Andrew Andrei Andrey
    Andy Angela Angelina Ann Anna Anne Anthony Antonio Antony Ariel Arnold Arthur Ashley Barack
    Barbara Barry Ben Benjamin Bernard Bernie Beth Betty Bill Billy Bob Bobby Boris Brad
    Brandon Brenda Brian Bruce Bryan Carl Carlos Carol Caroline Catherine Charles Charlie
    Charlotte Chris Christian Christina Christine Christopher Claire Claude Colin Craig
    Cynthia Dan Daniel Danielle Dave David Dean Deborah Dennis Derek Diana Diane Dmitry
    Dmitri Donald Donna Doug Douglas Dylan Ed Eddie Edward Elena Elizabeth Ellen Emily Emma
    Emmanuel Eric Erik Eugene Eva Evan Fatima Frank Franz Fred Frederick Gabriel Gary
    George Georgia Gerald Gerhard Gloria Gordon Grace Graham Greg Gregory Hans Harold Harry
    Hassan Heather Helen Henry Hillary Howard Hugh Hugo Hussein Ian Igor Irene Isabel Ivan
    Jack Jacob Jacques James Jan Jane Janet Jason Javier Jean Jeff Jeffrey Jennifer Jens
    Jeremy Jerry Jessica Jim Jimmy Joan Joe Joel John Johnny Jon Jonathan Jorge Jose Joseph
    Joshua Juan Judith Judy Julia Julian Julie Justin Karen Karl Kate Katherine Kathleen
    Kathryn Keith Kelly Ken Kenneth Kevin Kim Kimberly Kristin Kristen Larry Laura Lauren
    Lawrence Lee Leon Leonard Linda Lisa Louis Louise Lucas Luis Luke Lydia Maria Marie
    Mario Marc Marco Marcus Margaret Mark Martha Martin Mary Matt Matthew Maurice Max
    Megan Melissa Michael Michel Michelle Mike Mikhail Mohammed Mohammad Muhammad Nancy
    Natalie Nathan Neil Nicholas Nick Nicola Nicolas Nikolai Noah Noam Olga Oliver Omar
    Oscar Pablo Pamela Patricia Patrick Paul Paula Pedro Peter Philip Phillip Pierre
    Rachel Rafael Ralph Ray Raymond Rebecca Richard Rick Robert Roberto Robin Roger Ron
    Ronald Rose Ross Roy Russell Ruth Ryan Sam Samantha Samuel Sandra Sara Sarah Scott
    Sean Sebastian Selina Sergei Sergey Shane Sharon Shimon Simon Sophie Stephanie Stephen
    Steve Steven Stuart Susan Tara Teresa Terry Thomas Tim Timothy Tina Todd Tom Tony
    Tyler Valeska Valerie Victor Victoria Vincent Vladimir Walter Wang Wayne William Willie
    Xavier Yuri Yusuf Zachary Ahmet Mehmet Mustafa Jorge Sergio Rahul Raj Ravi Sanjay
    Hiroshi Takeshi Yuki Chen Li Liu Zhang Kofi Nelson Desmond Recep Emmanuel Angela
    Mariusz Volodymyr Anatoly Dmitriy Jake Joe Najib Jeff Fuad Kendrick Tiziano Tom
    Steve Daniel Marc Jason Ahmed Mark Ted Marco Mike Chris Jeb Ben Hillary Bernie Donald"""
)

# Words that say the following capitalised run is a place, not an actor.
LOCATIVES = _words(
    "in at near from into onto outside inside across throughout around toward towards via "
    "off to through between within along"
)

# Acronyms that name no actor.
NON_ACRONYMS = _words(
    """TV CEO CFO CTO PM AM GMT UTC OK ID IT AI HIV AIDS DNA RNA FAQ PDF HTML URL USB GPS
    MP MPs PhD BA MA BBQ VIP DIY FYI AKA ETA UFO NB PS RIP ASAP CV IQ QC KC SC OBE MBE CBE MD
    MBA JD RN XML CSS API PC CD CDs DVD LCD LED GDP GMO ROV"""
)


def _common_words() -> frozenset[str]:
    text = files(__package__).joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


# Common lower-case English words: a capitalised phrase made of them is a title, not a name.
COMMON_WORDS = _common_words()
