# mautic.profile - Mautic contacts exported as CSV (Contacts > Export):
# columns are the field aliases.  Mautic's "title" is the SALUTATION
# (Mr, Mrs, Dr.) and "position" the job title; "points" is Mautic's own
# score; dates are "YYYY-MM-DD HH:MM:SS".
title Mautic contacts export
system mautic
threshold 3
header position
header points
header stage
header date_added
header date_identified
header last_active
header preferred_locale
header owner
header attribution_date
header tags
column id = source_id
column title = salutation
column firstname = first_name
column lastname = last_name
column position = title
column company = company
column email = email
column phone = phone
column mobile = mobile
column website = website
column city = city
column zipcode = postcode
column country = country
column points = crm_score
column stage = status
column date_added = created_at
# (id, title, firstname and lastname do not recognise it: they fold like
# leadkit's own id, title, first_name and last_name.)
