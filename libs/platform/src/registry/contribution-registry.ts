import { InjectionToken, Provider } from '@nestjs/common';

/**
 * What every module contributes to without the reader knowing the modules: the encrypted columns
 * key rotation walks, the parts of a person's erasure, who else may see a person, the vocabularies
 * `GET /vocabularies/:name` serves. Each module contributes once, with one line among its
 * providers (`contributeTo(TheRegistry, 'module', contribution)`, or a helper named after the
 * registry built on it). A registry that must hear from given modules before it is read lists
 * them in `required`, and refuses to answer while one is missing from the process: it would
 * otherwise silently leave that module out (columns left under an old key, records left behind).
 */
export abstract class ContributionRegistry<Contribution, Contributor extends string = string> {
  /** What the registry holds, for its error messages. */
  protected abstract readonly subject: string;
  /** The contributors that must have contributed before the registry answers. */
  protected readonly required: readonly Contributor[] = [];
  private readonly byContributor = new Map<Contributor, Contribution>();

  /** Checks a contribution as it arrives; throws to refuse it. */
  protected check(contributor: Contributor, contribution: Contribution): void {
    void contributor;
    void contribution;
  }

  register(contributor: Contributor, contribution: Contribution): void {
    this.check(contributor, contribution);
    const previous = this.byContributor.get(contributor);
    if (previous !== undefined && previous !== contribution) {
      throw new Error(`${this.subject}: ${contributor} contributed twice`);
    }
    this.byContributor.set(contributor, contribution);
  }

  /** Every contribution with its contributor, the required ones first in their order, or an error naming those missing. */
  protected entries(): [Contributor, Contribution][] {
    const missing = this.required.filter((contributor) => !this.byContributor.has(contributor));
    if (missing.length > 0) {
      throw new Error(`${this.subject} are not all registered in this process: ${missing.join(', ')} did not register`);
    }
    const optional = [...this.byContributor.keys()].filter((contributor) => !this.required.includes(contributor));
    return [...this.required, ...optional].map((contributor) => [contributor, this.byContributor.get(contributor)!]);
  }

  protected contributions(): Contribution[] {
    return this.entries().map(([, contribution]) => contribution);
  }

  /** One contributor's contribution, whether or not the others have come: undefined while it has not. */
  protected contributionOf(contributor: Contributor): Contribution | undefined {
    return this.byContributor.get(contributor);
  }
}

/** A contribution computed from providers, e.g. `{ inject: [FieldEncryption], useFactory: (encryption) => ... }`. */
export interface ContributionFactory<Contribution> {
  inject: InjectionToken[];
  useFactory: (...dependencies: never[]) => Contribution;
}

type RegistryClass<Contribution, Contributor extends string> = abstract new (
  ...args: never[]
) => ContributionRegistry<Contribution, Contributor>;

/** The provider by which a module contributes to a registry: put it among the module's providers. */
export function contributeTo<Contribution, Contributor extends string>(
  registry: RegistryClass<Contribution, Contributor>,
  contributor: Contributor,
  contribution: Contribution | ContributionFactory<Contribution>,
): Provider {
  const factory: ContributionFactory<Contribution> =
    typeof contribution === 'object' && contribution !== null && 'useFactory' in contribution
      ? (contribution as ContributionFactory<Contribution>)
      : { inject: [], useFactory: () => contribution as Contribution };
  return {
    provide: `${registry.name} <- ${contributor}`,
    inject: [registry, ...factory.inject],
    useFactory: (target: ContributionRegistry<Contribution, Contributor>, ...dependencies: never[]) => {
      const value = factory.useFactory(...dependencies);
      target.register(contributor, value);
      return value;
    },
  };
}
