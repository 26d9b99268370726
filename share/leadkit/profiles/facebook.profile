# facebook.profile - Facebook / Instagram Lead Ads: leads downloaded as CSV
# from Meta Business Suite (or the form's export).  Metadata columns come
# first (id, created_time, ad_id, ad_name, adset_id, adset_name,
# campaign_id, campaign_name, form_id, form_name, is_organic, platform), then
# one column per question named by its key (full_name, email,
# phone_number, ...).  Ids are written "l:1234..." and phone numbers
# "p:+49..." so that spreadsheets keep them as text: the prefix is
# stripped.  created_time is ISO 8601 with an offset.
title Facebook Lead Ads download
system facebook
threshold 4
header id
header created_time
header ad_id
header ad_name
header adset_id
header adset_name
header campaign_id
header campaign_name
header form_id
header form_name
header is_organic
header platform
column id = source_id strip:l:
column created_time = created_at
column campaign_name = campaign
column platform = channel
column full_name = name
column first_name = first_name
column last_name = last_name
column email = email
column work_email = email
column phone_number = phone strip:p:
column work_phone_number = phone strip:p:
column company_name = company
column job_title = title
column city = city
column country = country
column zip_code = postcode
column post_code = postcode
