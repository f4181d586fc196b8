//! The integration tests, in one harness (one crate, linked once; xsv and ripgrep do the same):
//! each module drives the binary on files made in a temporary folder (see `common`).

mod architecture;
mod check_output;
mod common;
mod comparison;
mod config_keys;
mod crm_exports;
mod csv_inputs;
mod drop_folder;
mod explain;
mod explain_matches_figures;
mod export_profiles;
mod export_quirks;
mod export_variants;
mod exported_values;
mod function_length;
mod fuzz;
mod ga4_traffic;
mod hand_computed_metrics;
mod hostile_files;
mod init;
mod inputs_accounted;
mod issues_and_exit_codes;
mod kpi_tree;
mod libreoffice_recalc;
mod newcomer_commands;
mod newcomer_workbook;
mod no_cost_data;
mod plan;
mod print_layout;
mod profile_draft;
mod real_world_fixtures;
mod report_workbook;
mod samples;
mod schema_override;
mod spreadsheetml_exports;
