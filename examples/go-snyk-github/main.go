// The snyk-github example as a Go program on the native provider plugin, run through the Automation
// API as an inline program (no Go language host is needed: this binary is the program). A GitHub
// organization connected to a Snyk organization; repositories imported by selector.
//
//	go run . <stack dir> preview|up|preview-no-changes|refresh|destroy
//
// Stack settings come from the environment as a user's shell would give them: SNYK_ORG_ID,
// GITHUB_ORG, GITHUB_TOKEN (secret); the provider's own keys (scm-integrations:snykToken, API roots)
// as JSON in SCM_INTEGRATIONS_STACK_CONFIG ({"key": {"value": "…", "secret": true}}). The backend is
// whatever PULUMI_BACKEND_URL names; the CLI and the plugin are found on PATH.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	scm "github.com/pulumi-scm-integrations/pulumi-scm-integrations/sdk-gen/go/scmintegrations"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	githubOrg := cfg.Require("githubOrg")
	snykOrg := cfg.Require("snykOrgId")

	github, err := scm.NewIntegration(ctx, "github", &scm.IntegrationArgs{
		Platform:    scm.PlatformSnyk,
		PlatformOrg: pulumi.String(snykOrg),
		Level:       scm.IntegrationLevelOrganization,
		Scm:         scm.ScmKindGithub,
		Token:       cfg.RequireSecret("githubToken"),
	})
	if err != nil {
		return err
	}
	// The connection and the import set get the Integration's outputs they need, field by field.
	organization, err := scm.NewOrgConnection(ctx, githubOrg, &scm.OrgConnectionArgs{
		Organization: pulumi.String(githubOrg),
		Integration: scm.IntegrationReferenceArgs{
			IntegrationId: github.IntegrationId,
			Platform:      github.Platform,
			PlatformOrg:   github.PlatformOrg,
			Scm:           github.Scm,
			ApiUrl:        github.ApiUrl,
			Token:         github.Token,
		},
	})
	if err != nil {
		return err
	}
	scanned, err := scm.NewRepositoryImport(ctx, "scanned", &scm.RepositoryImportArgs{
		Connection: scm.ConnectionReferenceArgs{
			ConnectionId:  organization.ConnectionId,
			Organization:  organization.Organization,
			IntegrationId: github.IntegrationId,
			Platform:      github.Platform,
			PlatformOrg:   github.PlatformOrg,
			Scm:           github.Scm,
			ApiUrl:        github.ApiUrl,
			Token:         github.Token,
		},
		Selector: scm.RepositorySelectorArgs{
			Include:  pulumi.StringArray{pulumi.String(githubOrg + "/*")},
			Topics:   pulumi.StringArray{pulumi.String("production")},
			Archived: pulumi.Bool(false),
			Forks:    pulumi.Bool(false),
		},
		// Only what this resource imported is ever removed; imports made by hand stay.
		Mode:         scm.ImportModeAdditive,
		MaxDeletions: pulumi.Int(10),
	})
	if err != nil {
		return err
	}
	ctx.Export("integrationId", github.IntegrationId)
	ctx.Export("importedCount", scanned.ImportedCount)
	return nil
}

func stackConfig() (auto.ConfigMap, error) {
	settings := auto.ConfigMap{
		"snykOrgId":   {Value: os.Getenv("SNYK_ORG_ID")},
		"githubOrg":   {Value: os.Getenv("GITHUB_ORG")},
		"githubToken": {Value: os.Getenv("GITHUB_TOKEN"), Secret: true},
	}
	var provider map[string]auto.ConfigValue
	if text := os.Getenv("SCM_INTEGRATIONS_STACK_CONFIG"); text != "" {
		if err := json.Unmarshal([]byte(text), &provider); err != nil {
			return nil, fmt.Errorf("SCM_INTEGRATIONS_STACK_CONFIG: %w", err)
		}
	}
	for key, value := range provider {
		settings[key] = value
	}
	return settings, nil
}

func run(ctx context.Context, dir, operation string) (any, error) {
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "go-snyk-github", program, auto.WorkDir(dir))
	if err != nil {
		return nil, err
	}
	settings, err := stackConfig()
	if err != nil {
		return nil, err
	}
	if err := stack.SetAllConfig(ctx, settings); err != nil {
		return nil, err
	}
	switch operation {
	case "preview":
		result, err := stack.Preview(ctx, optpreview.Diff())
		return result.ChangeSummary, err
	case "preview-no-changes":
		result, err := stack.Preview(ctx, optpreview.Diff(), optpreview.ExpectNoChanges())
		return result.ChangeSummary, err
	case "up":
		result, err := stack.Up(ctx)
		if err != nil {
			return nil, err
		}
		outputs := map[string]any{}
		for key, output := range result.Outputs {
			outputs[key] = output.Value
		}
		return map[string]any{"changes": result.Summary.ResourceChanges, "outputs": outputs}, nil
	case "refresh":
		result, err := stack.Refresh(ctx)
		if err != nil {
			return nil, err
		}
		return result.Summary.ResourceChanges, nil
	case "destroy":
		result, err := stack.Destroy(ctx)
		if err != nil {
			return nil, err
		}
		return result.Summary.ResourceChanges, nil
	}
	return nil, fmt.Errorf("unknown operation %q: preview, up, preview-no-changes, refresh or destroy", operation)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go-snyk-github <stack dir> preview|up|preview-no-changes|refresh|destroy")
		os.Exit(2)
	}
	result, err := run(context.Background(), os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
