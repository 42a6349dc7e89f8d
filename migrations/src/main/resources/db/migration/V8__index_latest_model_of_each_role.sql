-- Every process reads the latest tested model of each role for taper_model_test_accuracy, once a
-- scrape interval. The look-up goes role by role, each to the newest row of this index, instead of
-- sorting every model ever published.
create index model_latest_tested on model (role, created_at desc, id desc)
    where jsonb_typeof(metrics -> 'testAccuracy') = 'number';
