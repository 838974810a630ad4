"""Les blocs du corps des pages du programme (StreamField de Wagtail).

Peu de fonctions de mise en forme, pour que les pages restent lisibles et
accessibles (RGAA) : titres, listes, gras, liens. Une image n'entre pas sans son
texte de remplacement ; un document s'affiche avec son format et son poids.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

FONCTIONS_DU_TEXTE = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    texte_alternatif = blocks.CharBlock(
        label=_("Texte de remplacement"),
        max_length=250,
        help_text=_(
            "Obligatoire\u00a0: ce que l'image apporte, pour qui ne la voit pas. Décrivez le "
            "contenu utile, pas « image de »."
        ),
    )
    legende = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "programmes/blocs/image.html"


class ChiffreBlock(blocks.StructBlock):
    valeur = blocks.CharBlock(label=_("Valeur"), max_length=30, help_text=_("Ex. « 170 km »."))
    libelle = blocks.CharBlock(label=_("Libellé"), max_length=120)
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=120)

    class Meta:
        icon = "order"
        label = _("Chiffre clé")
        template = "programmes/blocs/chiffre.html"


class AppelAActionBlock(blocks.StructBlock):
    texte = blocks.CharBlock(label=_("Texte du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    lien = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "programmes/blocs/appel.html"

    def clean(self, value):
        valeur = super().clean(value)
        if bool(valeur.get("page")) == bool(valeur.get("lien")):
            raise ValidationError(_("Choisissez une page du site ou une adresse, pas les deux."))
        return valeur


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    titre = blocks.CharBlock(
        label=_("Intitulé du lien"),
        required=False,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "programmes/blocs/document.html"


class CorpsDePage(blocks.StreamBlock):
    texte = blocks.RichTextBlock(label=_("Texte"), features=FONCTIONS_DU_TEXTE)
    image = ImageBlock()
    chiffre = ChiffreBlock()
    appel = AppelAActionBlock()
    document = DocumentBlock()


class ObjectifBlock(blocks.StructBlock):
    titre = blocks.CharBlock(label=_("Titre"), max_length=80)
    texte = blocks.TextBlock(label=_("Texte"), max_length=400)

    class Meta:
        icon = "pick"
        label = _("Objectif")
