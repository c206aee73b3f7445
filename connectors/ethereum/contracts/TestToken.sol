// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice FOR TESTS AND DEVELOPMENT CHAINS ONLY: an ERC-20 anyone can mint,
/// standing in for an asset native to this chain that holders lock.
contract TestToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints to anyone; there is no access control at all.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
