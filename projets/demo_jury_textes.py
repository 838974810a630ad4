"""Les textes de l'édition décidée des données d'exemple (projets/demo_jury.py) :
titres des projets, résumés publics des lauréats, avis, motivations et conflits
d'intérêts. Tout est fictif ; les textes libres portent la mention « (exemple) »."""

# Les projets lauréats et le résumé que l'instruction écrit pour le public.
LAUREATS = {
    "Cantine numérique des habitants de Kerourien": (
        "Chaque jeudi soir, la salle polyvalente devient une cantine numérique : on partage "
        "une soupe et on apprend à régler son téléphone, remplir un formulaire ou trier ses "
        "photos. Une animatrice et trois bénévoles accueillent jusqu'à vingt personnes."
    ),
    "Fablab de poche au pied des tours": (
        "Une remorque équipée d'une imprimante 3D, d'une découpeuse vinyle et de kits "
        "d'électronique s'installe un samedi sur deux entre les immeubles de Pontanézen. "
        "Les enfants y conçoivent des objets utiles au quartier, du nichoir au porte-clés."
    ),
    "Tablettes partagées pour les résidents de l'Ehpad": (
        "Douze tablettes circulent d'un étage à l'autre pour les appels vidéo avec les "
        "familles, les jeux de mémoire et la lecture du journal. Des volontaires en service "
        "civique forment les résidents un après-midi par semaine."
    ),
    "Club de code du mercredi": (
        "Des élèves de CM2 et de sixième programment de petits jeux avec Scratch, puis des "
        "robots. L'année se termine par une fête où chacun fait essayer sa création aux "
        "familles."
    ),
    "Webradio Ondes de Recouvrance": (
        "Des habitants de tous âges préparent et animent une émission mensuelle : portraits "
        "de commerçants, chroniques musicales, agenda des associations. Les émissions restent "
        "en écoute libre sur le site de la maison de quartier."
    ),
    "Podcast « Mémoires de l'arsenal »": (
        "D'anciens ouvriers de l'arsenal racontent leur métier à des collégiens, qui "
        "enregistrent, montent et diffusent une série de dix épisodes. La transmission entre "
        "générations se double d'un vrai apprentissage du son."
    ),
    "Seconde vie pour les ordinateurs du quartier": (
        "Des ordinateurs donnés par des entreprises sont remis en état par des jeunes en "
        "insertion, puis confiés, avec trois heures de prise en main, à des familles qui n'en "
        "avaient pas."
    ),
    "Permanences « Mes démarches sans stress »": (
        "Deux matinées par semaine, un médiateur aide à créer une adresse électronique, à "
        "déclarer ses revenus ou à prendre rendez-vous en ligne, avec un but : que chacun "
        "reparte capable de refaire seul la démarche."
    ),
    "Musique assistée par ordinateur pour adolescentes": (
        "Une compositrice et un studio mobile accompagnent des filles de 13 à 17 ans dans "
        "l'écriture et la production de leurs morceaux. Un concert en public clôt la saison."
    ),
    "Journal en ligne des écoliers de Bellevue": (
        "Trois classes de l'école publique écrivent, photographient et mettent en page un "
        "journal trimestriel en ligne. Les enfants y apprennent à vérifier une information "
        "et à citer leurs sources."
    ),
    "Cartographie participative des bancs et fontaines": (
        "Avec des habitants à mobilité réduite, l'association relève sur OpenStreetMap les "
        "bancs, toilettes et fontaines du centre-ville, pour tracer des itinéraires de "
        "promenade accessibles."
    ),
    "Courts métrages au téléphone après le ciné-club": (
        "Après chaque projection, les spectateurs volontaires tournent au téléphone un court "
        "métrage inspiré du film. Les plus réussis ouvrent la séance suivante."
    ),
    "Photo numérique pour les aînés de Saint-Marc": (
        "Dix séances pour apprivoiser l'appareil photo de son téléphone, retoucher une image "
        "et l'envoyer à ses petits-enfants, avant une exposition des portraits à la mairie "
        "de quartier."
    ),
    "Repair café numérique": (
        "Un samedi par mois, des bénévoles aident chacun à réparer lui-même téléphone, "
        "ordinateur ou petit appareil plutôt que de le jeter. Chaque réparation est notée "
        "dans un carnet partagé qui sert aux suivants."
    ),
    "Escape game des services publics": (
        "Un jeu d'énigmes en équipe, d'une heure, à la médiathèque : pour s'échapper, il faut "
        "trouver en ligne les horaires de la CAF, un rendez-vous en préfecture ou la ligne "
        "de bus du collège."
    ),
    "Studio vidéo des jeunes de Keredern": (
        "Des jeunes de 15 à 20 ans réalisent une web-série sur leur quartier, du scénario au "
        "montage, accompagnés par un réalisateur professionnel pendant les vacances "
        "scolaires."
    ),
    "Numérique et langue bretonne": (
        "Sous-titrer des vidéos, enregistrer des contes, enrichir des dictionnaires en "
        "ligne : des ateliers pour créer des contenus en breton, ouverts aux apprenants comme "
        "aux bretonnants de naissance."
    ),
    "Jeux vidéo coopératifs à la ludothèque": (
        "La ludothèque ouvre un coin de jeux vidéo coopératifs où parents et enfants jouent "
        "ensemble, suivis de temps d'échange sur les écrans à la maison animés par une "
        "éducatrice."
    ),
    "Accompagnement numérique des personnes sourdes": (
        "En langue des signes, des ateliers pour se servir de la visio-interprétation, des "
        "sous-titres automatiques et du numéro d'urgence par SMS, animés par une interprète "
        "et un formateur sourd."
    ),
    "Écrivains publics numériques": (
        "Dans un local ouvert sans rendez-vous, des bénévoles formés aident à rédiger sur "
        "ordinateur un courrier, un CV ou une réclamation. L'aide finance leur formation et "
        "deux postes de travail."
    ),
    "Robotique au foyer du collège": (
        "Une équipe d'élèves construit et programme un robot pour un concours régional, puis "
        "présente sa démarche devant un jury. Le foyer du collège leur ouvre un atelier deux "
        "midis par semaine."
    ),
    "Jardin partagé et capteurs faits maison": (
        "Les jardiniers fabriquent des capteurs d'humidité et de température pour suivre "
        "leurs parcelles ; les relevés s'affichent sur un tableau en ligne que tout le monde "
        "peut consulter."
    ),
    "Jeux vidéo d'hier et niveaux d'aujourd'hui": (
        "Autour de consoles anciennes, des soirées réunissent plusieurs générations de "
        "joueurs, qui apprennent ensuite à dessiner et programmer leurs propres niveaux."
    ),
    "Parcours sonore dans le vallon du Stang-Alar": (
        "Des promeneurs enregistrent ambiances et témoignages le long du vallon. Le montage "
        "devient une balade à écouter sur son téléphone, repérée par des panneaux sur le "
        "chemin."
    ),
    "Cafés-tablettes dans les bourgs": (
        "Une fois par mois, le club des aînés prête des tablettes autour d'un café pour "
        "consulter la météo, regarder les photos de famille ou écrire un message. On peut "
        "ensuite emprunter une tablette une semaine."
    ),
    "Bande dessinée numérique à la médiathèque": (
        "Des adolescents découvrent le dessin sur tablette graphique et réalisent ensemble "
        "une bande dessinée d'une trentaine de pages, publiée en ligne et imprimée en petit "
        "tirage."
    ),
    "Radio des lycéens de Guipavas": (
        "Débats, revues de presse, reportages : des lycéens préparent une émission "
        "hebdomadaire. Le studio est équipé et les animateurs formés au droit de "
        "l'information."
    ),
    "Théâtre et réseaux sociaux": (
        "Une compagnie monte avec des jeunes des scènes tirées de leur vie en ligne, du "
        "harcèlement aux fausses nouvelles ; chaque représentation se prolonge par un débat "
        "avec le public."
    ),
    "Atelier mobile dans les foyers de jeunes travailleurs": (
        "Un animateur passe chaque semaine dans trois foyers pour aider les résidents à gérer "
        "leurs comptes en ligne, chercher un logement et préparer un entretien d'embauche "
        "en visio."
    ),
    "Mémoire numérique des fêtes de quartier": (
        "Photos et films anciens de la fête de quartier sont numérisés par des bénévoles puis "
        "mis en ligne, accompagnés des souvenirs de celles et ceux qui y étaient."
    ),
    "Familles connectées en confiance": (
        "Des soirées pour les parents sur le contrôle parental, les applications de l'école "
        "et les usages des adolescents, animées avec le centre social et une infirmière "
        "scolaire."
    ),
    "Couture et broderie numérique": (
        "Une brodeuse numérique permet aux participantes de l'atelier couture de dessiner "
        "leurs motifs à l'ordinateur ; leurs créations sont vendues au marché de Noël au "
        "profit de l'association."
    ),
    "Wikipédia et patrimoine de la presqu'île": (
        "Des habitants apprennent à contribuer à Wikipédia et à Wikimedia Commons pour faire "
        "connaître chapelles, fraises et savoir-faire de Plougastel."
    ),
    "Stop-motion en famille": (
        "Cinq samedis pour fabriquer en famille décors et personnages en pâte à modeler, puis "
        "les animer image par image. Les films passent en projection à la fête de l'école."
    ),
    "Cybersécurité pour les petites associations": (
        "Des ateliers courts apprennent aux bénévoles à protéger les comptes de leur "
        "association, sauvegarder leurs fichiers et reconnaître un courriel frauduleux."
    ),
    "Le numérique pour l'emploi à Lambézellec": (
        "Un atelier hebdomadaire accompagne les demandeurs d'emploi sur les sites de "
        "recrutement, la rédaction d'un profil en ligne et l'usage d'une messagerie "
        "professionnelle."
    ),
    "Jeux de société imprimés en 3D": (
        "Les jeunes de l'espace jeunes inventent un jeu de société sur l'histoire de leur "
        "commune, en modélisent pions et plateaux, puis les impriment au fablab voisin."
    ),
    "Chorale virtuelle entre générations": (
        "Élèves de l'école de musique et résidents d'une résidence autonomie enregistrent "
        "chacun leur voix, puis apprennent à les assembler en une chorale virtuelle diffusée "
        "en fin d'année."
    ),
    "Un ordinateur, une formation, un emploi": (
        "La mission locale prête un ordinateur portable à des jeunes sans équipement, le "
        "temps de leur formation, et leur apprend à s'en servir pour leurs démarches et leur "
        "recherche d'emploi."
    ),
    "Photographier son quartier autrement": (
        "Avec un photographe, des habitants partent en balades, apprennent cadrage et "
        "retouche, puis exposent leurs images sur les palissades d'un chantier du quartier."
    ),
}
# Classés juste après les lauréats : ils passent si un lauréat se désiste.
ATTENTE = [
    "Sites internet pour les petits commerces",
    "Visites virtuelles du patrimoine brestois",
    "Contes du Léon en baladodiffusion",
]
NON_RETENUS = [
    "Salle de réalité virtuelle itinérante",
    "Formation aux logiciels de bureautique",
    "Consoles pour l'accueil de loisirs",
    "Application mobile du quartier",
    "Écran géant pour la salle des fêtes",
    "Refonte du site de l'association",
    "Tournoi d'e-sport",
    "Cours d'informatique à domicile",
    "Borne d'arcade collaborative",
    "Méditation en ligne pour les aidants",
    "Réseau social du quartier",
    "Vidéoprojecteurs pour les salles",
    "Lettre d'information des habitants",
    "Prises de vue aériennes par drone",
    "Stage de montage vidéo",
]
# Les dossiers irrecevables et classés sans suite de l'édition.
AUTRES = [
    "Initiation à l'intelligence artificielle",
    "Salon du jeu vidéo indépendant",
    "Atelier de blog",
    "Cours de retouche photo",
    "Numérisation des archives paroissiales",
    "Studio de doublage amateur",
    "Concours de courts métrages",
    "Atelier de création d'affiches",
]

MOTIVATIONS = [
    "Le projet relève surtout de l'équipement de la structure ; l'accompagnement des "
    "habitants y est trop peu décrit. (exemple)",
    "Le budget repose sur des recettes non confirmées et le calendrier paraît difficile à "
    "tenir. (exemple)",
    "Projet intéressant, mais classé par le jury après les projets retenus dans la limite de "
    "l'enveloppe. (exemple)",
    "Le public visé est déjà couvert par des actions financées dans le même quartier. (exemple)",
    "Le lien avec l'inclusion numérique des habitants n'est pas établi. (exemple)",
    "L'action est ponctuelle, alors que l'appel à projets soutient des activités "
    "régulières. (exemple)",
]
MOTIVATION_ATTENTE = (
    "En liste d'attente : retenu si un projet lauréat se désiste ou si l'enveloppe le "
    "permet. (exemple)"
)
CONFLITS = [
    "Je suis trésorière bénévole de cette association. (exemple)",
    "Mon conjoint anime les ateliers décrits dans le dossier. (exemple)",
    "J'ai aidé la structure à rédiger sa candidature. (exemple)",
    "Je siège au conseil d'administration de la maison de quartier. (exemple)",
]
COMMENTAIRES = {
    "favorable": [
        "Projet solide, public bien identifié, partenaires crédibles. (exemple)",
        "Très bon ancrage dans le quartier ; calendrier réaliste. (exemple)",
        "Accompagnement des habitants exemplaire. (exemple)",
    ],
    "reserve": [
        "Intéressant, mais le budget mériterait d'être précisé. (exemple)",
        "Bonne idée ; le nombre de participants attendu paraît optimiste. (exemple)",
    ],
    "defavorable": [
        "L'accompagnement des habitants est peu décrit. (exemple)",
        "Le projet ressemble surtout à un achat de matériel. (exemple)",
    ],
}
NOTE_COMMENTEE = "Point fort du dossier. (exemple)"

# Les jurés d'exemple, en plus du compte jury@exemple.fr des comptes de démonstration.
JURES = [
    ("nolwenn.morvan", "Nolwenn", "Morvan"),
    ("yann.kerbrat", "Yann", "Kerbrat"),
    ("fatima.diallo", "Fatima", "Diallo"),
    ("erwan.le-gall", "Erwan", "Le Gall"),
    ("sophie.quere", "Sophie", "Quéré"),
    ("karim.tanguy", "Karim", "Tanguy"),
]
