-- Dépôt de commentaires sous charge, lancé par bench/depot_commentaire.py :
--   wrk --script bench/depot_commentaire.lua http://127.0.0.1:PORT/
-- Chaque requête est un POST neuf : adresse électronique, texte et X-Forwarded-For
-- uniques, pour que le portail fasse tout son travail (validation, recherche de
-- doublon, limites de débit, écriture, notification) au lieu de répondre 429 ou 400.
-- Le cookie CSRF, le jeton et l'horodatage signé viennent d'un seul affichage du
-- formulaire, relevé par le banc ; ils restent valables deux heures.

local chemin = os.getenv("BANC_DEPOT_CHEMIN")
local cookie = os.getenv("BANC_DEPOT_COOKIE")
local marque = tonumber(os.getenv("BANC_DEPOT_MARQUE"))

local function encoder(texte)
  return (string.gsub(texte, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local champs_fixes = "csrfmiddlewaretoken=" .. encoder(os.getenv("BANC_DEPOT_JETON"))
  .. "&horodatage=" .. encoder(os.getenv("BANC_DEPOT_HORODATAGE"))
  .. "&parent=&site_web="

local TEXTE = "Bonjour, je suis passé cette semaine pour une démarche en ligne. "
  .. "Accueil attentif, ordinateurs récents, Wi-Fi correct ; il faudrait juste "
  .. "ouvrir un peu plus tard le jeudi. Merci à l'équipe ! (message de charge %d-%d-%d)"

-- Fil principal : la liste des fils, pour le bilan de done().
local fils = {}

function setup(thread)
  table.insert(fils, thread)
  thread:set("fil", #fils)
end

-- Globales de chaque fil : done() les relit par thread:get.
envoyes = 0
statuts = {}

function request()
  envoyes = envoyes + 1
  local n = envoyes
  -- Une adresse privée (fd00::/8) par requête, marquée par le lancement : les
  -- compteurs de débit par IP d'un lancement précédent ne la connaissent pas.
  local ip = string.format("fd00:%x:%x:%x:%x::1", marque, fil, math.floor(n / 65536), n % 65536)
  local corps = champs_fixes
    .. "&nom=" .. encoder(string.format("Lecteur %d-%d", fil, n))
    .. "&email=" .. encoder(string.format("depot-%d-%d-%d@depot.exemple.fr", marque, fil, n))
    .. "&texte=" .. encoder(string.format(TEXTE, marque, fil, n))
  return wrk.format("POST", chemin, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = ip,
  }, corps)
end

function response(status, headers, body)
  statuts[status] = (statuts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(fils) do
    for code, nombre in pairs(thread:get("statuts")) do
      total[code] = (total[code] or 0) + nombre
    end
  end
  for code, nombre in pairs(total) do
    io.write(string.format("Statut %d : %d\n", code, nombre))
  end
end
