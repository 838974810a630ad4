"""Les cartes de la liste de l'annuaire, écrites en Python (papi/cartes.py) : pour
un lieu quelconque (nom, adresse, services, distance, état, données d'exemple), le
même HTML que la boucle du gabarit qu'elles remplacent (balises, attributs et
textes) ; tout ce qui vient du lieu reste du texte."""

from html.parser import HTMLParser

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from papi.cartes import TextesDesCartes, carte_du_lieu
from papi.horaires import Etat
from papi.models import Lieu

# La boucle de templates/papi/liste.html avant papi/cartes.py : la référence.
GABARIT_DE_REFERENCE = Template(
    """{% load i18n %}<li class="carte lieu">
  <h3><a href="{{ lieu.get_absolute_url }}">{{ lieu.nom }}</a></h3>
  <p class="lieu__adresse">{{ lieu.adresse }}, {{ lieu.code_postal }} {{ lieu.commune }}{% if lieu.distance_km is not None %} · {% blocktranslate with distance=lieu.distance_km|floatformat:1 %}à {{ distance }} km{% endblocktranslate %}{% endif %}</p>
  <p class="etat etat--{% if lieu.etat.ouvert %}ouvert{% elif lieu.etat.ouvert is None %}inconnu{% else %}ferme{% endif %}">{{ lieu.etat.libelle }}</p>
  {% if lieu.services %}<p class="lieu__services">{{ lieu.services|join:" · " }}</p>{% endif %}
  {% if lieu.donnees_exemple %}<p><span class="exemple">{% translate "Données d'exemple" %}</span></p>{% endif %}
</li>"""
)

TEXTE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)
SLUG = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True)


class _Lecteur(HTMLParser):
    """Balises, attributs et textes dans l'ordre, entités résolues : « ' » et
    « &#x27; » sont le même texte ; les blancs entre balises ne comptent pas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.evenements: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.evenements.append(("<", tag, attrs))

    def handle_endtag(self, tag):
        self.evenements.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.evenements.append(("texte", data))


def _lire(html: str) -> list[tuple]:
    lecteur = _Lecteur()
    lecteur.feed(str(html))
    lecteur.close()
    return lecteur.evenements


@settings(max_examples=150, deadline=None)
@given(
    nom=TEXTE,
    adresse=TEXTE,
    code_postal=st.from_regex(r"[0-9]{5}", fullmatch=True),
    commune=TEXTE,
    slug=SLUG,
    services=st.lists(TEXTE.filter(str.strip), max_size=3),
    distance=st.one_of(st.none(), st.floats(min_value=0, max_value=900, allow_nan=False)),
    ouvert=st.sampled_from([True, False, None]),
    libelle=TEXTE,
    exemple=st.booleans(),
)
def test_meme_carte_que_le_gabarit(
    nom, adresse, code_postal, commune, slug, services, distance, ouvert, libelle, exemple
):
    lieu = Lieu(
        nom=nom,
        adresse=adresse,
        code_postal=code_postal,
        commune=commune,
        slug=slug,
        services=services,
        donnees_exemple=exemple,
    )
    lieu.etat = Etat(ouvert, libelle)
    lieu.distance_km = distance

    attendu = GABARIT_DE_REFERENCE.render(Context({"lieu": lieu}))
    assert _lire(carte_du_lieu(lieu, TextesDesCartes.pour_la_page())) == _lire(attendu)


def test_le_texte_d_un_lieu_ne_devient_jamais_balise():
    lieu = Lieu(
        nom='<script>alert("nom")</script>',
        adresse="1 rue <b>",
        code_postal="29200",
        commune="Brest & co",
        slug="un-lieu",
        services=["<img src=x onerror=alert(1)>"],
    )
    lieu.etat, lieu.distance_km = Etat(True, "<i>Ouvert</i>"), 1.25
    html = carte_du_lieu(lieu, TextesDesCartes.pour_la_page())
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&quot;nom&quot;)&lt;/script&gt;" in html
    assert "Brest &amp; co · à 1,2 km" in html or "Brest &amp; co · à 1,3 km" in html
