# fair.profile - trade-fair lead lists (lead scanners and the exhibitor's
# own Excel lists) in German and Dutch: Anrede/Aanhef is the salutation,
# the Dutch "Tussenvoegsel" ("van der") is joined in front of the last
# name, and interest levels go through the levels map (values.map).
title trade-fair lead list (German, Dutch)
threshold 2
header Anrede
header Aanhef
header Tussenvoegsel
header Interesse
header Interessegrad
header Messe
header Beurs
header Standbesucher
header Gesprächsnotiz
header Erfasst am
header Gescand op
column Anrede = salutation
column Aanhef = salutation
column Titel = salutation
column Tussenvoegsel = last_name join
column Interesse = need map:levels
column Interessegrad = need map:levels
column Interesse niveau = need map:levels
column Messe = campaign
column Beurs = campaign
column Erfasst am = created_at
column Gescand op = created_at
