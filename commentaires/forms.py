import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.cache_anonyme import TROUS
from brest_numerique.jeton_csrf import secret_csrf
from brest_numerique.limites import navigateur
from brest_numerique.nombres import EntierField
from brest_numerique.pieges import ChampPiegeMixin
from brest_numerique.validateurs import nom_lisible
from commentaires.models import Commentaire, Signalement
from commentaires.rendu import caracteres_de_controle, nombre_de_liens, retirer_invisibles

SEL_HORODATAGE = "commentaires.horodatage"
DELAI_MIN = 3  # secondes : un humain ne remplit pas le formulaire plus vite
DELAI_MAX = 2 * 3600  # secondes : au-delà, le formulaire a expiré


def horodatage(*, navigateur: str = "") -> str:
    """L'heure d'affichage du formulaire, signée, liée au navigateur qui l'affiche
    (voir limites.navigateur) et marquée d'un numéro à usage unique : un
    horodatage copié d'une autre session, ou renvoyé une seconde fois, est refusé."""
    return signing.TimestampSigner(salt=SEL_HORODATAGE).sign_object(
        {"n": secrets.token_urlsafe(12), "b": navigateur}
    )


def horodatage_pour(request) -> str:
    # Le secret CSRF du navigateur (posé en cookie par la réponse) est fixé avant
    # qu'on en tire son empreinte ; déjà fait si la page a rempli son jeton.
    secret_csrf(request)
    return horodatage(navigateur=navigateur(request))


# Dans une page gardée en cache, l'horodatage est un trou rempli à chaque réponse.
TROU_HORODATAGE = "trou-horodatage-4b81e2"
TROUS[TROU_HORODATAGE] = horodatage_pour


class CommentaireForm(ChampPiegeMixin, forms.Form):
    nom = forms.CharField(
        label=gettext_lazy("Votre nom"),
        max_length=80,
        help_text=gettext_lazy("Il sera publié avec votre commentaire."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse électronique"),
        help_text=gettext_lazy(
            "Jamais publiée\u00a0: elle sert à confirmer votre commentaire et à vous prévenir."
        ),
    )
    texte = forms.CharField(
        label=gettext_lazy("Votre commentaire"), widget=forms.Textarea(attrs={"rows": 6})
    )
    parent = EntierField(required=False, minimum=1, widget=forms.HiddenInput)
    horodatage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, objet, request, **kwargs):
        # La page commentée a souvent ses propres formulaires (signaler une erreur
        # sur une fiche PAPI : email, site_web…) : des id distincts gardent chaque
        # étiquette reliée à son champ.
        kwargs.setdefault("auto_id", "id_commentaire_%s")
        super().__init__(*args, **kwargs)
        self.objet = objet
        self.request = request
        self.numero_horodatage = None
        self.envoye_trop_vite = False
        self.longueur_max = settings.COMMENTAIRES_LONGUEUR_MAX
        self.fields["texte"].max_length = self.longueur_max
        # Le validateur de longueur naît avec le champ (à la déclaration de la
        # classe) : le réglage lu ici doit ajouter le sien.
        self.fields["texte"].validators.append(MaxLengthValidator(self.longueur_max))
        self.fields["texte"].widget.attrs.update(
            maxlength=self.longueur_max, **{"data-longueur-max": self.longueur_max}
        )
        self.fields["texte"].help_text = _(
            "Texte simple, %(longueur)s caractères au plus\u202f; les adresses web deviennent des liens."
        ) % {"longueur": self.longueur_max}
        # Un formulaire reçu garde l'horodatage qu'il apporte : en tirer un neuf ici
        # fixerait un secret CSRF avant qu'on ait vérifié celui du navigateur.
        if not self.is_bound and "horodatage" not in self.initial:
            self.initial["horodatage"] = horodatage_pour(request)

    def clean_horodatage(self):
        signeur = signing.TimestampSigner(salt=SEL_HORODATAGE)
        valeur = self.cleaned_data["horodatage"]
        try:
            contenu = signeur.unsign_object(valeur, max_age=DELAI_MAX)
        except signing.SignatureExpired:
            self._renouveler_horodatage()
            raise forms.ValidationError(
                _("Le formulaire a expiré\u00a0: votre texte est conservé, envoyez-le à nouveau.")
            ) from None
        except signing.BadSignature:
            contenu = None
        if not isinstance(contenu, dict) or contenu.get("b") != navigateur(self.request):
            # Falsifié, ou affiché dans un autre navigateur que celui qui l'envoie.
            self._renouveler_horodatage()
            raise forms.ValidationError(_("Formulaire invalide\u00a0: rechargez la page."))
        self.numero_horodatage = contenu.get("n")
        try:
            signeur.unsign_object(valeur, max_age=DELAI_MIN)
        except signing.SignatureExpired:
            return valeur
        # Trop tôt pour un humain : jugé dans clean(), une fois les autres champs lus.
        self.envoye_trop_vite = True
        return valeur

    def _renouveler_horodatage(self) -> None:
        # La page d'erreur réaffiche les données envoyées : sans un horodatage
        # neuf, le formulaire expiré le resterait à chaque nouvel envoi.
        self.data = self.data.copy()
        self.data[self.add_prefix("horodatage")] = horodatage_pour(self.request)

    def clean_texte(self):
        texte = self.cleaned_data["texte"]
        if caracteres_de_controle(texte):
            raise forms.ValidationError(
                _("Le texte contient des caractères de contrôle non autorisés.")
            )
        texte = retirer_invisibles(texte).strip()
        if not texte:
            raise forms.ValidationError(_("Le commentaire est vide."))
        liens_max = settings.COMMENTAIRES_LIENS_MAX
        if nombre_de_liens(texte) > liens_max:
            raise forms.ValidationError(
                _("Pas plus de %(nombre)s liens par commentaire, pour limiter les publicités.")
                % {"nombre": liens_max}
            )
        return texte

    def clean_nom(self):
        return nom_lisible(self.cleaned_data["nom"])

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Commentaire.objects.publies()
            .pour(self.objet)
            .filter(pk=pk, parent__isnull=True)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("On ne peut répondre qu'à un commentaire publié de cette page.")
            )
        return parent

    def clean(self):
        donnees = super().clean()
        email, texte = donnees.get("email"), donnees.get("texte")
        if email and texte:
            deja = Commentaire.objects.de_l_auteur(email).filter(
                empreinte_texte=Commentaire.empreinte(texte)
            )
            if deja.exists():
                self.add_error("texte", _("Vous avez déjà envoyé ce commentaire."))
        # Seul un formulaire par ailleurs valable peut être « trop rapide » : un envoi
        # vide ou fautif montre ses erreurs de champ, pas un soupçon de robot.
        if not self.errors and self.envoye_trop_vite:
            self.add_error(
                "horodatage",
                _("Envoi trop rapide\u00a0: relisez votre commentaire puis envoyez-le à nouveau."),
            )
        if not self.errors and not self._horodatage_neuf():
            self._renouveler_horodatage()
            self.add_error(
                "horodatage",
                _(
                    "Ce formulaire a déjà été envoyé\u00a0: rechargez la page pour en écrire un autre."
                ),
            )
        return donnees

    def _horodatage_neuf(self) -> bool:
        """Marque l'horodatage comme servi ; faux s'il l'était déjà. Seul un envoi
        par ailleurs valable le consomme : une faute de saisie ne le gâche pas."""
        cle = f"commentaires:horodatage-servi:{self.numero_horodatage}"
        return cache.add(cle, 1, DELAI_MAX + 60)


class SignalementForm(forms.Form):
    raison = forms.ChoiceField(
        label=gettext_lazy("Raison du signalement"), choices=Signalement.Raison.choices
    )
